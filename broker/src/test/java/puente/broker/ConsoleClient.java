package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

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

  ConsoleClient(String base) {
    this.base = base;
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET().build());
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

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("set-cookie")) {
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

  /** Signs in through the form and checks it worked. */
  ConsoleClient signIn(String user, String password) throws Exception {
    String form = get("/console/login").body();
    HttpResponse<String> done =
        post("/console/login", "csrf", csrf(form), "username", user, "password", password);
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
