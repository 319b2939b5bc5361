package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser reduced to what the console needs, over real HTTP: a cookie jar, forms posted as a
 * browser posts them, redirects not followed (the tests look at them).
 */
final class ConsoleClient {
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  final Map<String, String> cookies = new LinkedHashMap<>();

  /** Every {@code Set-Cookie} header received, in order, with its attributes. */
  final List<String> setCookies = new ArrayList<>();

  ConsoleClient(String base) {
    this.base = base;
  }

  /** A browser on the console of this broker. */
  ConsoleClient(BrokerFixture fixture) {
    this(fixture.httpBase());
  }

  /** A browser signed in as this member of staff, with the fixture's password. */
  static ConsoleClient signedIn(BrokerFixture fixture, String user) throws Exception {
    return new ConsoleClient(fixture).signIn(user, BrokerFixture.PASSWORD);
  }

  /** Where the console is served, as the browser's {@code Origin}. */
  String base() {
    return base;
  }

  /** A GET; each pair after the path is a header name and its value. */
  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(request(path, headers).GET().build());
  }

  /** Posts a form; each pair is a field name and its value, names may repeat. */
  HttpResponse<String> post(String path, String... fields) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return send(
        request(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
            .build());
  }

  /** Opens an event stream with the cookies; its body is read as it comes. */
  HttpResponse<InputStream> stream(String path, String... headers) throws Exception {
    return http.send(
        request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** A request carrying the cookies; each pair after the path is a header name and its value. */
  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookieHeader());
    }
    return request;
  }

  /** The {@code Cookie} header this browser sends now. */
  String cookieHeader() {
    return cookies.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("set-cookie")) {
      setCookies.add(header);
      String pair = header.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      String value = pair.substring(pair.indexOf('=') + 1);
      if (value.isEmpty() || header.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }

  /** Fills in and posts the sign-in form, whatever the answer. */
  HttpResponse<String> submitSignIn(String user, String password) throws Exception {
    String form = get("/console/login").body();
    return post("/console/login", "csrf", csrf(form), "username", user, "password", password);
  }

  /** Signs in through the form and checks it worked. */
  ConsoleClient signIn(String user, String password) throws Exception {
    HttpResponse<String> done = submitSignIn(user, password);
    assertThat(done.statusCode()).as("sign-in of " + user).isEqualTo(303);
    return this;
  }

  /** The CSRF token of the forms on a page. */
  static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a csrf field in the page").isTrue();
    return m.group(1);
  }
}
