package puente.broker.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import puente.v1.RefusalReason;

/** The rules of {@link SupportPolicy#decide}, in policy order. */
final class Decider {

  /** A failed rule whose message is rendered once every placeholder is known. */
  private record Failure(String rule, RefusalReason reason, String messageKey) {}

  /** P1: the broker does not know the licence. */
  private static final Failure UNKNOWN_LICENCE =
      new Failure("P1", RefusalReason.LICENCE_UNKNOWN, "licence.unknown");

  private final SupportPolicy policy;

  Decider(SupportPolicy policy) {
    this.policy = policy;
  }

  Decision decide(DecisionRequest request, Instant at) {
    Messages messages = policy.messages();
    String tag = messages.resolveTag(request.locale());
    Messages.Bundle bundle = messages.bundle(tag);
    ZoneId zone = policy.zone();
    LocalDate today = LocalDate.ofInstant(at, zone); // P1: the request's date in the policy zone
    Map<String, String> values = new HashMap<>(32);
    List<Failure> failures = new ArrayList<>(4);
    String selfHelp = policy.selfHelpUrl(); // P14

    Licence licence = request.licence();
    String product =
        !isBlank(request.product())
            ? request.product().trim()
            : licence == null ? "" : licence.product();
    values.put("product", product);

    // Licence: P1, P2, P3, P26.
    LicenceStanding standing = policy.licenceTerms().standing(licence, today);
    boolean licenceMatters = !request.advisory() || policy.advisory().requiresValidLicence();
    if (licence == null) {
      failures.add(UNKNOWN_LICENCE);
    } else {
      values.put("licenceKey", licence.key());
      values.put("customerName", licence.customerName());
      values.put("licenceProduct", licence.product());
      standing.supportFrom().ifPresent(d -> values.put("supportFrom", bundle.date().format(d)));
      standing
          .lastSupportedDay()
          .ifPresent(d -> values.put("lastSupportedDay", bundle.date().format(d)));
      if (!licence.product().equalsIgnoreCase(product)) {
        failures.add(
            new Failure("P1", RefusalReason.LICENCE_PRODUCT_MISMATCH, "licence.productMismatch"));
      }
      if (licenceMatters) {
        switch (standing.status()) {
          case NOT_YET_VALID ->
              failures.add(new Failure("P1", RefusalReason.LICENCE_EXPIRED, "licence.notYetValid"));
          case EXPIRED_RENTAL ->
              failures.add(
                  new Failure("P2", RefusalReason.LICENCE_EXPIRED, "licence.expiredRental"));
          case EXPIRED_PURCHASE ->
              failures.add(
                  new Failure("P26", RefusalReason.LICENCE_EXPIRED, "licence.expiredPurchase"));
          default -> {}
        }
      }
    }

    // Version: P22 (install the update), P25 (previous versions: self-service only).
    values.put(
        "installedVersion",
        request.installedVersion() == null ? "" : request.installedVersion().trim());
    // Only a known licence names what to judge the version against (P1).
    if (licence != null && (!request.advisory() || policy.advisory().requiresCurrentVersion())) {
      Optional<ProductRelease> release = policy.product(product);
      if (release.isEmpty()) {
        failures.add(
            new Failure("P22", RefusalReason.VERSION_UNSUPPORTED, "version.unknownProduct"));
      } else {
        ProductRelease r = release.get();
        values.put("currentRelease", r.currentRelease().toString());
        values.put("updateUrl", r.updateUrl());
        Optional<VersionNumber> installed = VersionNumber.tryParse(request.installedVersion());
        ProductRelease.Verdict verdict =
            installed.map(v -> r.judge(v, today)).orElse(ProductRelease.Verdict.OUTDATED);
        if (installed.isEmpty()) {
          failures.add(new Failure("P22", RefusalReason.VERSION_OUTDATED, "version.unreadable"));
        } else if (verdict == ProductRelease.Verdict.OUTDATED) {
          failures.add(new Failure("P22", RefusalReason.VERSION_OUTDATED, "version.outdated"));
        } else if (verdict == ProductRelease.Verdict.UNSUPPORTED) {
          failures.add(
              new Failure("P25", RefusalReason.VERSION_UNSUPPORTED, "version.unsupported"));
          selfHelp = r.selfHelpUrl(); // P25: name the product's self-service resources
        }
      }
    }

    // Category: P5–P8, P9 (self-help for the category), P17 (priority).
    String categoryId =
        isBlank(request.category()) ? policy.defaultCategory() : request.category().trim();
    values.put("category", categoryId);
    values.put("categoryName", categoryId);
    Optional<Category> category = policy.category(categoryId);
    int priority = Integer.MAX_VALUE;
    if (category.isEmpty()) {
      failures.add(new Failure("P5", RefusalReason.CATEGORY_UNKNOWN, "category.unknown"));
    } else {
      Category c = category.get();
      categoryId = c.id();
      priority = c.priority();
      values.put("categoryName", c.name(tag, messages.defaultTag()));
      if (c.selfHelpUrl().isPresent() && selfHelp.equals(policy.selfHelpUrl())) {
        selfHelp = c.selfHelpUrl().get(); // P9
      }
      if (c.scope() == CategoryScope.OUT_OF_SCOPE && !request.advisory()) {
        failures.add(new Failure("P8", RefusalReason.CATEGORY_OUT_OF_SCOPE, "category.outOfScope"));
      }
    }

    // Office hours: P12. A session may only be opened while the office is open.
    BusinessCalendar calendar = policy.calendar();
    Optional<ZonedDateTime> nextOpening = Optional.empty();
    Optional<ZonedDateTime> closesAt = Optional.empty();
    if (calendar.isOpen(at)) {
      closesAt = Optional.of(calendar.nextClosing(at).atZone(zone));
    } else {
      ZonedDateTime opening = calendar.nextOpening(at).atZone(zone);
      nextOpening = Optional.of(opening);
      values.put("nextOpening", bundle.dateTime().format(opening));
      failures.add(new Failure("P12", RefusalReason.OFFICE_CLOSED, "office.closed"));
    }
    values.put("selfHelpUrl", selfHelp);

    if (licence == null) {
      // P1: an unknown licence is the whole answer; no other rule can make it right, so no other
      // is reported (the category's self-help and the office hours still are).
      failures.retainAll(List.of(UNKNOWN_LICENCE));
    }
    List<Violation> violations = new ArrayList<>(failures.size());
    for (Failure f : failures) {
      violations.add(new Violation(f.rule(), f.reason(), bundle.render(f.messageKey(), values)));
    }
    boolean allowed = violations.isEmpty();
    String message;
    if (allowed) {
      message =
          bundle.render(
              request.advisory() ? "decision.allowedAdvisory" : "decision.allowed", values);
    } else {
      String first = violations.get(0).message();
      // P14: the refusal links the self-help pages once; a message that already names them (P25)
      // does not get the same link again.
      message =
          first.contains(selfHelp)
              ? first
              : first + " " + bundle.render("decision.refusedNext", values);
    }
    return new Decision(
        allowed,
        violations,
        message,
        tag,
        nextOpening,
        closesAt,
        Optional.of(selfHelp),
        allowed && request.advisory(),
        priority,
        categoryId,
        standing.status(),
        standing.supportUntil());
  }

  Optional<Decision> registrationRefusal(DecisionRequest request, Instant at) {
    // Registration judges only that the licence is known (P1); every other rule is judged when an
    // agent opens the session, at that instant.
    if (request.licence() != null) {
      return Optional.empty();
    }
    return Optional.of(decide(request, at));
  }

  Optional<ClosingWarning> closingWarning(Instant now, Locale locale) {
    BusinessCalendar calendar = policy.calendar();
    if (!calendar.isOpen(now)) {
      return Optional.empty();
    }
    Instant closes = calendar.nextClosing(now);
    Instant warnAt = closes.minus(policy.closingWarningLead());
    Messages.Bundle bundle = policy.messages().bundle(policy.messages().resolveTag(locale));
    String text =
        bundle.render(
            "office.closingWarning",
            Map.of("closesAt", bundle.time().format(closes.atZone(policy.zone()))));
    return Optional.of(new ClosingWarning(warnAt.isBefore(now) ? now : warnAt, closes, text));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
