package puente.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console reached over plain HTTP/1.1 as a signed-in supervisor: sign-in through the form
 * (its double-submit cookie and field), the live page, and its event stream. Requests carry the
 * console's own {@code Origin}, as a browser's same-origin requests do.
 */
final class ConsoleClient {
  // The broker's names (ConsoleAuth): the signed-in token, and the sign-in form's double submit.
  static final String SESSION_COOKIE = "puente_console";
  private static final String PRE_COOKIE = "puente_console_pre";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient http;
  private final String cookie;

  private ConsoleClient(String base, HttpClient http, String cookie) {
    this.base = base;
    this.http = http;
    this.cookie = cookie;
  }

  /** The page as fetched: how long until its last byte arrived, and its size. */
  record Fetched(long nanos, int bytes) {}

  /**
   * Signs in through the console's form.
   *
   * @throws IllegalStateException if the broker does not answer with the session cookie
   */
  static ConsoleClient signIn(int httpPort, String user, String password) throws Exception {
    String base = "http://127.0.0.1:" + httpPort;
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
    HttpResponse<String> form =
        http.send(request(base, "/console/login").build(), HttpResponse.BodyHandlers.ofString());
    Matcher csrf = CSRF.matcher(form.body());
    if (!csrf.find()) {
      throw new IllegalStateException("the sign-in form has no CSRF field:\n" + form.body());
    }
    String pre = cookieOf(form, PRE_COOKIE);
    String body =
        "csrf="
            + encode(csrf.group(1))
            + "&username="
            + encode(user)
            + "&password="
            + encode(password);
    HttpResponse<String> signedIn =
        http.send(
            request(base, "/console/login")
                .header("Cookie", PRE_COOKIE + "=" + pre)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (signedIn.statusCode() != 303) {
      throw new IllegalStateException(
          "console sign-in answered " + signedIn.statusCode() + ":\n" + signedIn.body());
    }
    return new ConsoleClient(base, http, cookieOf(signedIn, SESSION_COOKIE));
  }

  String base() {
    return base;
  }

  /** The session cookie's value, for a browser to carry. */
  String cookie() {
    return cookie;
  }

  /** Fetches a page whole, timing it from the request to its last byte. */
  Fetched fetch(String path) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<byte[]> page =
        http.send(signed(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    long nanos = System.nanoTime() - start;
    if (page.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + page.statusCode());
    }
    return new Fetched(nanos, page.body().length);
  }

  /** Opens an event stream; its body is read by the caller. */
  InputStream events(String path) throws IOException, InterruptedException {
    HttpResponse<InputStream> stream =
        http.send(
            signed(path).header("Accept", "text/event-stream").timeout(Duration.ofDays(1)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (stream.statusCode() != 200) {
      stream.body().close();
      throw new IllegalStateException(path + " answered " + stream.statusCode());
    }
    return stream.body();
  }

  private HttpRequest.Builder signed(String path) {
    return request(base, path).header("Cookie", SESSION_COOKIE + "=" + cookie);
  }

  private static HttpRequest.Builder request(String base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Origin", base).timeout(TIMEOUT);
  }

  private static String cookieOf(HttpResponse<?> response, String name) {
    List<String> set = response.headers().allValues("set-cookie");
    for (String header : set) {
      if (header.startsWith(name + "=")) {
        return header.substring(
            name.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
      }
    }
    throw new IllegalStateException("no " + name + " cookie in " + set);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
