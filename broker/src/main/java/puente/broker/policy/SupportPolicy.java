package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The support policy the broker enforces (POLICY.md, P1–P26), loaded from a YAML file. Immutable
 * and thread-safe; {@link PolicyHolder} swaps in a new one on reload.
 *
 * <p>{@link #decide} is pure: it depends only on its arguments and this policy.
 */
public final class SupportPolicy {

  /** Classpath location of the shipped default policy (the vendor's page). */
  public static final String DEFAULT_RESOURCE = "/puente/broker/policy/default-policy.yaml";

  /**
   * Whether paid advisory (P8) still needs a valid licence and a current version.
   *
   * @param requiresValidLicence advisory needs a valid licence (P1)
   * @param requiresCurrentVersion advisory needs a current version (P22, P25)
   */
  public record AdvisoryTerms(boolean requiresValidLicence, boolean requiresCurrentVersion) {}

  private final BusinessCalendar calendar;
  private final LicenceTerms licenceTerms;
  private final AdvisoryTerms advisory;
  private final Map<String, ProductRelease> products; // keyed by lower-case id
  private final List<Category> categories;
  private final Map<String, Category> categoriesById; // keyed by lower-case id
  private final String defaultCategory;
  private final String selfHelpUrl;
  private final Duration closingWarningLead;
  private final Messages messages;
  private final Decider decider;

  SupportPolicy(
      BusinessCalendar calendar,
      LicenceTerms licenceTerms,
      AdvisoryTerms advisory,
      Map<String, ProductRelease> products,
      List<Category> categories,
      String defaultCategory,
      String selfHelpUrl,
      Duration closingWarningLead,
      Messages messages) {
    this.calendar = requireNonNull(calendar, "calendar");
    this.licenceTerms = requireNonNull(licenceTerms, "licenceTerms");
    this.advisory = requireNonNull(advisory, "advisory");
    this.products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
    this.categories = List.copyOf(categories);
    Map<String, Category> byId = new LinkedHashMap<>();
    categories.forEach(c -> byId.put(c.id().toLowerCase(Locale.ROOT), c));
    this.categoriesById = byId;
    this.defaultCategory = requireNonNull(defaultCategory, "defaultCategory");
    this.selfHelpUrl = requireNonNull(selfHelpUrl, "selfHelpUrl");
    this.closingWarningLead = requireNonNull(closingWarningLead, "closingWarningLead");
    this.messages = requireNonNull(messages, "messages");
    this.decider = new Decider(this);
  }

  /**
   * Returns the shipped default policy: the vendor's page as POLICY.md describes it.
   *
   * @return the default policy
   */
  public static SupportPolicy defaults() {
    return Defaults.POLICY;
  }

  /**
   * Loads a policy file. Top-level sections the file leaves out keep the shipped defaults; in
   * {@code messages}, keys a language leaves out keep the default text of that language.
   *
   * @param yaml the file
   * @return the policy
   * @throws PolicyConfigException naming the key path and the reason when the file is bad or cannot
   *     be read
   */
  public static SupportPolicy load(Path yaml) {
    String text;
    try {
      text = Files.readString(yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyConfigException(yaml + ": cannot read the policy file: " + e, e);
    }
    return PolicyReader.parse(text, yaml.toString(), defaults());
  }

  /**
   * Parses a policy from text, as {@link #load(Path)} does for a file.
   *
   * @param yaml the policy text
   * @return the policy
   * @throws PolicyConfigException naming the key path and the reason when the text is bad
   */
  public static SupportPolicy parse(String yaml) {
    return PolicyReader.parse(yaml, "policy", defaults());
  }

  /**
   * Decides whether a session may open, checking licence (P1–P3, P26), version (P22, P25), category
   * (P5–P8) and office hours (P12) in that order, and collecting every failed rule.
   *
   * @param request what is known about the customer and the problem
   * @param at the instant of the request (from the broker's clock)
   * @return the decision with its explanation
   */
  public Decision decide(DecisionRequest request, Instant at) {
    return decider.decide(requireNonNull(request, "request"), requireNonNull(at, "at"));
  }

  /**
   * Decides whether a helper may register for support. Only the licence is judged then: one the
   * broker does not know is refused (P1), with the same decision {@link #decide} gives; the other
   * rules are judged when an agent opens the session.
   *
   * @param request what the helper reported
   * @param at the instant of the registration
   * @return the refusal, or empty when the helper may register
   */
  public Optional<Decision> registrationRefusal(DecisionRequest request, Instant at) {
    return decider.registrationRefusal(
        requireNonNull(request, "request"), requireNonNull(at, "at"));
  }

  /**
   * Returns when to warn the agents of a session running now that the office closes (P12). A
   * running session is never cut; this only schedules the warning.
   *
   * @param now the current instant
   * @param locale the agent's locale
   * @return the warning, or empty when the office is already closed
   */
  public Optional<ClosingWarning> closingWarning(Instant now, Locale locale) {
    return decider.closingWarning(requireNonNull(now, "now"), locale);
  }

  /** Returns the office calendar and business-time arithmetic (P12, P13, P16, P19). */
  public BusinessCalendar calendar() {
    return calendar;
  }

  /** Returns the policy's time zone. */
  public ZoneId zone() {
    return calendar.zone();
  }

  /** Returns the licence rules (P1–P3, P26). */
  public LicenceTerms licenceTerms() {
    return licenceTerms;
  }

  /** Returns whether advisory needs a valid licence and a current version (P8). */
  public AdvisoryTerms advisory() {
    return advisory;
  }

  /** Returns the products' release policies, keyed by lower-case product id (P22, P25). */
  public Map<String, ProductRelease> products() {
    return products;
  }

  /**
   * Returns a product's release policy.
   *
   * @param id the product id, in any case
   * @return the release policy, or empty for a product the policy does not know
   */
  public Optional<ProductRelease> product(String id) {
    return id == null
        ? Optional.empty()
        : Optional.ofNullable(products.get(id.trim().toLowerCase(Locale.ROOT)));
  }

  /** Returns the categories in policy order (P5–P8, P17). */
  public List<Category> categories() {
    return categories;
  }

  /**
   * Returns a category.
   *
   * @param id the category id, in any case
   * @return the category, or empty for an unknown id
   */
  public Optional<Category> category(String id) {
    return id == null
        ? Optional.empty()
        : Optional.ofNullable(categoriesById.get(id.trim().toLowerCase(Locale.ROOT)));
  }

  /** Returns the id of the category used when a request names none. */
  public String defaultCategory() {
    return defaultCategory;
  }

  /** Returns the general self-service help link, always available (P14). */
  public String selfHelpUrl() {
    return selfHelpUrl;
  }

  /** Returns how long before closing agents of running sessions are warned (P12). */
  public Duration closingWarningLead() {
    return closingWarningLead;
  }

  /** Returns the customer-facing messages. */
  public Messages messages() {
    return messages;
  }

  /**
   * Describes what differs from an older policy, one line per change, for the reload log.
   *
   * @param older the policy being replaced
   * @return the changes, empty when the policies are equivalent
   */
  public List<String> changesFrom(SupportPolicy older) {
    return PolicyDiff.between(requireNonNull(older, "older"), this);
  }

  /** Loads the shipped default once, on first use. */
  private static final class Defaults {
    static final SupportPolicy POLICY = read();

    private static SupportPolicy read() {
      try (InputStream in = SupportPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return PolicyReader.parse(text, DEFAULT_RESOURCE, null);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
      }
    }
  }
}
