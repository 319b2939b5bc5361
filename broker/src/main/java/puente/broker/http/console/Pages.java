package puente.broker.http.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The console's pages: jte templates compiled with the build ({@code broker/src/main/jte}), in HTML
 * mode, so every value written into a page is escaped for where it stands (text or attribute).
 * Customer-written text is never written unescaped.
 */
final class Pages {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Pages.class.getClassLoader(), "puente.broker.http.console.pages");

  /** Renders a template to text. */
  String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    return out.toString();
  }

  /** Renders a template as the response. */
  void send(RoutingContext ctx, int status, String template, Map<String, Object> params) {
    send(ctx, status, render(template, params));
  }

  /** Sends a page already rendered (off the event loop, for a large one). */
  void send(RoutingContext ctx, int status, String html) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(html);
  }
}
