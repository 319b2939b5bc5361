package puente.broker.http.console;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiScope;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.auth.Secrets;
import puente.broker.auth.StaffChange;
import puente.broker.auth.StaffRules;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalCode;
import puente.broker.refusal.RefusalException;
import puente.broker.store.AgentStore;
import puente.broker.store.ApiKeyStore;
import puente.broker.store.StaffAudit;
import puente.broker.text.FreeText;
import puente.v1.RefusalReason;

/**
 * "Personal", for supervisors only: the staff accounts (disable, enable, change role, reset the
 * password, remove), the API keys of helpdesk integrations (issue, revoke) and the latest entries
 * of the audit log. Every change goes through the same store methods as the operator's {@code
 * broker agent …} and {@code broker apikey …}, so it revokes what they revoke (tokens at once,
 * streams within seconds) and lands on the audit log with the supervisor's user name as who.
 *
 * <p>A new password or key is made by the broker, shown in the answer to the POST that made it and
 * never again; it is not logged and not put in any address. Changes run one at a time on this node,
 * so two supervisors cannot each take the other's role away at once.
 */
final class StaffPages {
  private static final Logger log = LoggerFactory.getLogger(StaffPages.class);
  static final String STAFF = "/console/staff";
  static final int AUDIT_ROWS = 40;
  private static final int KEY_NAME_MAX = 100;

  private final AgentStore accounts;
  private final ApiKeyStore keys;
  private final StaffAudit audit;
  private final PasswordHasher hasher;
  private final Pages pages;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;
  private final Object oneChangeAtATime = new Object();

  StaffPages(
      AgentStore accounts,
      ApiKeyStore keys,
      StaffAudit audit,
      PasswordHasher hasher,
      Pages pages,
      Supplier<SupportPolicy> policy,
      Clock clock) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.keys = requireNonNull(keys, "keys");
    this.audit = requireNonNull(audit, "audit");
    this.hasher = requireNonNull(hasher, "hasher");
    this.pages = pages;
    this.policy = policy;
    this.clock = clock;
  }

  void mount(Vertx vertx, Router router) {
    router.route(STAFF).handler(this::supervisorsOnly);
    router.route(STAFF + "/*").handler(this::supervisorsOnly);
    router.get(STAFF).handler(ctx -> show(vertx, ctx, 200, null, null, doneNotice(ctx)));
    router.post(STAFF + "/accounts/:action").handler(ctx -> changeAccount(vertx, ctx));
    router.post(STAFF + "/keys").handler(ctx -> issueKey(vertx, ctx));
    router.post(STAFF + "/keys/revoke").handler(ctx -> revokeKey(vertx, ctx));
  }

  /** Refuses anyone but a supervisor, whatever the method, with a page that says why. */
  private void supervisorsOnly(RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    if (staff.supervises()) {
      ctx.next();
      return;
    }
    log.warn(
        "staff page refused to {} ({})", staff.agent().username(), staff.agent().role().wireName());
    Words w = words(ctx);
    Frame frame = new Frame(w, staff, w.t("denied.title"), "", Console.otherLanguage(ctx, w));
    pages.send(ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("denied.body")));
  }

  private void changeAccount(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = words(ctx);
    StaffChange change =
        switch (ctx.pathParam("action")) {
          case "disable" -> StaffChange.DISABLE;
          case "enable" -> StaffChange.ENABLE;
          case "role" -> StaffChange.ROLE;
          case "password" -> StaffChange.RESET_PASSWORD;
          case "remove" -> StaffChange.REMOVE;
          default -> null;
        };
    if (change == null) {
      ctx.next(); // no such action: 404
      return;
    }
    String username = field(ctx, "username");
    Role role;
    try {
      role = change == StaffChange.ROLE ? Role.parse(field(ctx, "role")) : null;
    } catch (IllegalArgumentException e) {
      refuse(vertx, ctx, RefusalReason.INVALID_REQUEST, w.t("staff.err.role"), "");
      return;
    }
    vertx
        .executeBlocking(() -> apply(staff.agent(), username, change, role), false)
        .onSuccess(
            outcome -> {
              if (outcome instanceof Outcome.Refused refused) {
                refuse(vertx, ctx, refused.reason(), w.t(refused.key(), username), refused.rule());
              } else if (outcome instanceof Outcome.NewPassword password) {
                log.info(
                    "console: {} reset the password of {}", staff.agent().username(), username);
                StaffSecret secret = new StaffSecret("password", username, password.value());
                show(
                    vertx,
                    ctx,
                    200,
                    StaffNotice.done(w.t("staff.done.password", username)),
                    secret);
              } else {
                log.info(
                    "console: {} {} {}",
                    staff.agent().username(),
                    change.name().toLowerCase(java.util.Locale.ROOT),
                    username);
                String action = change.name().toLowerCase(java.util.Locale.ROOT);
                Console.redirect(ctx, STAFF + "?done=" + action + "&who=" + encode(username));
              }
            })
        .onFailure(ctx::fail);
  }

  /** What came of an account change. */
  private sealed interface Outcome {
    record Done() implements Outcome {}

    record NewPassword(String value) implements Outcome {}

    record Refused(RefusalReason reason, String key, String rule) implements Outcome {}
  }

  /** Checks the staff rules against the accounts as they are now and makes the change. Blocking. */
  private Outcome apply(Agent actor, String username, StaffChange change, Role role) {
    synchronized (oneChangeAtATime) {
      List<AgentStore.Account> all = accounts.list();
      Optional<AgentStore.Account> target =
          all.stream()
              .filter(a -> a.removedAt() == null && a.agent().username().equals(username))
              .findFirst();
      if (target.isEmpty()) {
        return new Outcome.Refused(RefusalReason.INVALID_REQUEST, "staff.err.unknown", "");
      }
      long supervisors =
          all.stream()
              .filter(
                  a -> a.removedAt() == null && a.enabled() && a.agent().role() == Role.SUPERVISOR)
              .count();
      Optional<StaffRules.Refusal> refusal =
          StaffRules.refusal(
              actor, target.get().agent(), target.get().enabled(), change, role, supervisors);
      if (refusal.isPresent()) {
        return new Outcome.Refused(
            RefusalReason.CONFLICT,
            switch (refusal.get()) {
              case OWN_ACCOUNT -> "staff.err.own";
              case LAST_SUPERVISOR -> "staff.err.lastSupervisor";
            },
            refusal.get().name());
      }
      String who = actor.username();
      try {
        switch (change) {
          case DISABLE -> accounts.setEnabled(username, false, who, clock.instant());
          case ENABLE -> accounts.setEnabled(username, true, who, clock.instant());
          case ROLE -> accounts.changeRole(username, role, who, clock.instant());
          case REMOVE -> accounts.remove(username, who, clock.instant());
          case RESET_PASSWORD -> {
            String password = Secrets.newPassword();
            accounts.resetPassword(
                username, hasher.hash(password.toCharArray()), who, clock.instant());
            return new Outcome.NewPassword(password);
          }
        }
      } catch (IllegalArgumentException e) {
        // Removed by the operator between the look and the change.
        return new Outcome.Refused(RefusalReason.INVALID_REQUEST, "staff.err.unknown", "");
      }
      return new Outcome.Done();
    }
  }

  private void issueKey(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = words(ctx);
    String name = field(ctx, "name");
    try {
      FreeText.requiredLine("name", name, KEY_NAME_MAX);
    } catch (RefusalException e) {
      refuse(vertx, ctx, RefusalReason.INVALID_REQUEST, w.t("staff.err.keyName", KEY_NAME_MAX), "");
      return;
    }
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    try {
      for (String scope : ctx.request().formAttributes().getAll("scope")) {
        scopes.add(ApiScope.parse(scope));
      }
    } catch (IllegalArgumentException e) {
      refuse(vertx, ctx, RefusalReason.INVALID_REQUEST, w.t("staff.err.scope"), "");
      return;
    }
    if (scopes.isEmpty()) {
      scopes.add(ApiScope.TICKETS_READ); // read-only tickets, as broker apikey create
    }
    String secret = ApiKey.PREFIX + Secrets.newToken();
    vertx
        .executeBlocking(
            () ->
                keys.create(
                    name,
                    scopes,
                    Secrets.digest(secret),
                    staff.agent().username(),
                    clock.instant()),
            false)
        .onSuccess(
            key -> {
              log.info("console: {} issued API key {}", staff.agent().username(), key.id());
              show(
                  vertx,
                  ctx,
                  200,
                  StaffNotice.done(w.t("staff.done.key", key.name())),
                  new StaffSecret("apikey", "#" + key.id() + " " + key.name(), secret));
            })
        .onFailure(ctx::fail);
  }

  private void revokeKey(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = words(ctx);
    long id;
    try {
      id = Long.parseLong(field(ctx, "id"));
    } catch (NumberFormatException e) {
      refuse(vertx, ctx, RefusalReason.INVALID_REQUEST, w.t("staff.err.key"), "");
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              try {
                return Optional.of(keys.revoke(id, staff.agent().username(), clock.instant()));
              } catch (IllegalArgumentException e) {
                return Optional.<ApiKey>empty();
              }
            },
            false)
        .onSuccess(
            revoked -> {
              if (revoked.isEmpty()) {
                refuse(vertx, ctx, RefusalReason.INVALID_REQUEST, w.t("staff.err.key"), "");
                return;
              }
              log.info("console: {} revoked API key {}", staff.agent().username(), id);
              Console.redirect(ctx, STAFF + "?done=revoke&key=" + id);
            })
        .onFailure(ctx::fail);
  }

  private void refuse(
      Vertx vertx, RoutingContext ctx, RefusalReason reason, String text, String rule) {
    show(
        vertx,
        ctx,
        RefusalCode.of(reason).httpStatus(),
        StaffNotice.refused(text, reason.name(), rule),
        null);
  }

  /**
   * The notice after a change that redirected here: only for an account or key that exists, so a
   * link made elsewhere cannot put words of its own on the page.
   */
  private Map<String, String> doneNotice(RoutingContext ctx) {
    String done = param(ctx, "done");
    return done.isEmpty()
        ? Map.of()
        : Map.of("done", done, "who", param(ctx, "who"), "key", param(ctx, "key"));
  }

  private void show(
      Vertx vertx, RoutingContext ctx, int status, StaffNotice notice, StaffSecret secret) {
    show(vertx, ctx, status, notice, secret, Map.of());
  }

  private void show(
      Vertx vertx,
      RoutingContext ctx,
      int status,
      StaffNotice given,
      StaffSecret secret,
      Map<String, String> done) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = words(ctx);
    Frame frame = new Frame(w, staff, w.t("staff.title"), "staff", Console.otherLanguage(ctx, w));
    vertx
        .executeBlocking(
            () -> new Listing(accounts.list(), keys.list(), audit.recent(AUDIT_ROWS)), false)
        .onSuccess(
            listing -> {
              StaffNotice notice = given == null ? notice(w, done, listing) : given;
              Map<String, Object> model = new HashMap<>();
              model.put("frame", frame);
              model.put(
                  "accounts",
                  listing.accounts().stream().filter(a -> a.removedAt() == null).toList());
              model.put("keys", listing.keys());
              model.put("audit", listing.audit());
              model.put("notice", notice);
              model.put("secret", secret);
              model.put("roles", List.of(Role.values()));
              model.put("scopes", List.of(ApiScope.values()));
              pages.send(ctx, status, "staff.jte", model);
            })
        .onFailure(ctx::fail);
  }

  private record Listing(
      List<AgentStore.Account> accounts,
      List<ApiKey> keys,
      List<puente.broker.auth.AuditEntry> audit) {}

  private static StaffNotice notice(Words w, Map<String, String> done, Listing listing) {
    String action = done.getOrDefault("done", "");
    if (action.equals("revoke")) {
      String key = done.getOrDefault("key", "");
      return listing.keys().stream()
          .filter(k -> String.valueOf(k.id()).equals(key) && k.revokedAt() != null)
          .findFirst()
          .map(k -> StaffNotice.done(w.t("staff.done.revoke", k.name())))
          .orElse(StaffNotice.NONE);
    }
    String who = done.getOrDefault("who", "");
    boolean known = listing.accounts().stream().anyMatch(a -> a.agent().username().equals(who));
    boolean said = Set.of("disable", "enable", "role", "remove").contains(action);
    return known && said ? StaffNotice.done(w.t("staff.done." + action, who)) : StaffNotice.NONE;
  }

  private Words words(RoutingContext ctx) {
    return Console.wordsOf(ctx, policy.get());
  }

  private static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value.strip();
  }

  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? "" : value;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
