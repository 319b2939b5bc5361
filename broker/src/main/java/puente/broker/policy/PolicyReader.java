package puente.broker.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the YAML policy file into a {@link SupportPolicy}, naming the key path of the first bad
 * value. Top-level sections left out of a file keep the base policy's (the shipped defaults).
 */
final class PolicyReader {

  static final List<String> TOP_KEYS =
      List.of(
          "zone",
          "defaultLocale",
          "selfHelpUrl",
          "closingWarningMinutes",
          "officeHours",
          "holidays",
          "licences",
          "advisory",
          "products",
          "defaultCategory",
          "categories",
          "messages");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private static final List<String> WEEKDAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  private PolicyReader() {}

  /**
   * Parses a policy file's text.
   *
   * @param yaml the file's text
   * @param source the file name, for errors about the file as a whole
   * @param base the policy that supplies left-out sections, or {@code null} to require them all
   */
  static SupportPolicy parse(String yaml, String source, SupportPolicy base) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new PolicyConfigException(
          source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new PolicyConfigException("", source + ": the file is empty");
    }
    if (!root.isObject()) {
      throw new PolicyConfigException("", source + ": expected a mapping of policy sections");
    }
    return read(new ConfigNode("", root).object(TOP_KEYS), base);
  }

  private static SupportPolicy read(ConfigNode root, SupportPolicy base) {
    ZoneId zone = section(root, "zone", base, SupportPolicy::zone, PolicyReader::zone);
    Map<DayOfWeek, List<TimeRange>> hours =
        section(root, "officeHours", base, b -> b.calendar().hours(), PolicyReader::officeHours);
    RestDays restDays =
        section(root, "holidays", base, b -> b.calendar().restDays(), PolicyReader::holidays);
    int warnMinutes =
        section(
            root,
            "closingWarningMinutes",
            base,
            b -> (int) b.closingWarningLead().toMinutes(),
            n -> n.integer(0, 600));
    LicenceTerms terms =
        section(root, "licences", base, b -> b.licenceTerms(), n -> licences(n, zone));
    terms = // the zone may come from this file while the terms come from the base
        new LicenceTerms(zone, terms.purchaseMonths(), terms.updateMonths(), terms.earlyUpdate());
    SupportPolicy.AdvisoryTerms advisory =
        section(root, "advisory", base, SupportPolicy::advisory, PolicyReader::advisory);
    String selfHelpUrl =
        section(root, "selfHelpUrl", base, SupportPolicy::selfHelpUrl, ConfigNode::url);
    Map<String, ProductRelease> products =
        section(root, "products", base, SupportPolicy::products, PolicyReader::products);
    ConfigNode defaultLocale =
        root.has("defaultLocale") || base == null
            ? root.get("defaultLocale")
            : new ConfigNode(
                "defaultLocale", YAML.getNodeFactory().textNode(base.messages().defaultTag()));
    Messages messages =
        MessagesReader.read(
            root.opt("messages"), defaultLocale, base == null ? null : base.messages());
    if (!root.has("messages") && base == null) {
      throw root.get("messages").fail("missing");
    }
    List<Category> categories =
        section(
            root,
            "categories",
            base,
            SupportPolicy::categories,
            n -> categories(n, messages.defaultTag()));
    String defaultCategory =
        section(root, "defaultCategory", base, SupportPolicy::defaultCategory, ConfigNode::text);
    if (categories.stream().noneMatch(c -> c.id().equals(defaultCategory))) {
      String where = root.has("defaultCategory") ? "defaultCategory" : "categories";
      throw new PolicyConfigException(
          where,
          "\""
              + defaultCategory
              + "\" is not a category id (expected one of "
              + categories.stream().map(Category::id).toList()
              + ")");
    }
    BusinessCalendar calendar;
    try {
      calendar = new BusinessCalendar(zone, hours, restDays);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("officeHours", e.getMessage());
    }
    return new SupportPolicy(
        calendar,
        terms,
        advisory,
        products,
        categories,
        defaultCategory,
        selfHelpUrl,
        Duration.ofMinutes(warnMinutes),
        messages);
  }

  private static <T> T section(
      ConfigNode root,
      String key,
      SupportPolicy base,
      Function<SupportPolicy, T> fromBase,
      Function<ConfigNode, T> parse) {
    if (root.has(key) || base == null) {
      return parse.apply(root.get(key));
    }
    return fromBase.apply(base);
  }

  private static ZoneId zone(ConfigNode n) {
    String id = n.text();
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw n.fail("\"" + id + "\" is not a time zone (expected e.g. America/Mexico_City)");
    }
  }

  // P12: open ranges per weekday, sorted and not overlapping; a missing weekday is closed.
  private static Map<DayOfWeek, List<TimeRange>> officeHours(ConfigNode n) {
    n.object(WEEKDAYS);
    Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      List<TimeRange> ranges = new ArrayList<>();
      String name = WEEKDAYS.get(day.ordinal());
      for (ConfigNode r : n.opt(name).map(ConfigNode::list).orElse(List.of())) {
        r.object(List.of("start", "end"));
        LocalTime start = r.get("start").time(false);
        LocalTime end = r.get("end").time(true);
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
          throw r.get("end").fail("\"" + end + "\" is not after start \"" + start + "\"");
        }
        TimeRange range = new TimeRange(start, end);
        if (!ranges.isEmpty()) {
          TimeRange prev = ranges.get(ranges.size() - 1);
          if (prev.endsAtEndOfDay() || start.isBefore(prev.end())) {
            throw r.fail(range + " starts before the previous range " + prev + " ends");
          }
        }
        ranges.add(range);
      }
      hours.put(day, List.copyOf(ranges));
    }
    if (hours.values().stream().allMatch(List::isEmpty)) {
      throw n.fail("no weekday has office hours");
    }
    return hours;
  }

  // P12: statutory rest days computed per year, plus and minus operator dates.
  private static RestDays holidays(ConfigNode n) {
    n.object(List.of("rules", "extra", "removed"));
    List<HolidayRule> rules = new ArrayList<>();
    for (ConfigNode r : n.opt("rules").map(ConfigNode::list).orElse(List.of())) {
      r.object(
          List.of("name", "month", "day", "weekday", "nth", "fromYear", "untilYear", "everyYears"));
      Month month = Month.of(r.get("month").integer(1, 12));
      int day = 0;
      DayOfWeek weekday = null;
      int nth = 0;
      if (r.has("day") == r.has("weekday")) {
        throw r.fail("give either day or weekday (with nth)");
      }
      if (r.has("day")) {
        day = r.get("day").integer(1, month.maxLength());
      } else {
        weekday = r.get("weekday").enumValue(DayOfWeek.class);
        nth = r.get("nth").integer(-1, 5);
        if (nth == 0) {
          throw r.get("nth").fail("0 is not an occurrence (expected 1–5, or -1 for the last)");
        }
      }
      Integer from = r.opt("fromYear").map(y -> y.integer(1900, 9999)).orElse(null);
      Integer until = r.opt("untilYear").map(y -> y.integer(1900, 9999)).orElse(null);
      int every = r.opt("everyYears").map(y -> y.integer(1, 100)).orElse(1);
      if (every > 1 && from == null) {
        throw r.get("everyYears").fail("needs fromYear to count from");
      }
      String name = r.get("name").text();
      rules.add(new HolidayRule(name, month, day, weekday, nth, from, until, every));
    }
    return new RestDays(rules, dates(n.opt("extra")), dates(n.opt("removed")));
  }

  private static Set<LocalDate> dates(Optional<ConfigNode> n) {
    Set<LocalDate> out = new HashSet<>();
    for (ConfigNode d : n.map(ConfigNode::list).orElse(List.of())) {
      out.add(d.date());
    }
    return out;
  }

  // P3, P26
  private static LicenceTerms licences(ConfigNode n, ZoneId zone) {
    n.object(List.of("purchaseSupportMonths", "updateSupportMonths", "earlyUpdate"));
    return new LicenceTerms(
        zone,
        n.get("purchaseSupportMonths").integer(1, 120),
        n.get("updateSupportMonths").integer(1, 120),
        n.opt("earlyUpdate")
            .map(e -> e.enumValue(LicenceTerms.EarlyUpdate.class))
            .orElse(LicenceTerms.EarlyUpdate.EXTEND));
  }

  // P8
  private static SupportPolicy.AdvisoryTerms advisory(ConfigNode n) {
    n.object(List.of("requiresValidLicence", "requiresCurrentVersion"));
    return new SupportPolicy.AdvisoryTerms(
        n.get("requiresValidLicence").bool(), n.get("requiresCurrentVersion").bool());
  }

  // P22, P25
  private static Map<String, ProductRelease> products(ConfigNode n) {
    Map<String, ProductRelease> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
      ConfigNode p =
          e.getValue()
              .object(List.of("currentRelease", "releasedOn", "grace", "updateUrl", "selfHelpUrl"));
      VersionNumber current = version(p.get("currentRelease"));
      Optional<LocalDate> releasedOn = p.opt("releasedOn").map(ConfigNode::date);
      Optional<VersionNumber> graceMinimum = Optional.empty();
      Optional<LocalDate> graceEnds = Optional.empty();
      if (p.has("grace")) {
        ConfigNode g = p.get("grace").object(List.of("minimum", "days", "until"));
        VersionNumber minimum = version(g.get("minimum"));
        if (!minimum.isBefore(current)) {
          throw g.get("minimum").fail("\"" + minimum + "\" is not before currentRelease");
        }
        if (g.has("days") == g.has("until")) {
          throw g.fail("give either days (after releasedOn) or until (last accepted day)");
        }
        if (g.has("days")) {
          LocalDate from = releasedOn.orElseThrow(() -> g.get("days").fail("needs releasedOn"));
          graceEnds = Optional.of(from.plusDays(g.get("days").integer(1, 3650)));
        } else {
          graceEnds = Optional.of(g.get("until").date().plusDays(1));
        }
        graceMinimum = Optional.of(minimum);
      }
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (out.containsKey(key)) {
        throw p.fail("duplicate product id (ids ignore case)");
      }
      out.put(
          key,
          new ProductRelease(
              e.getKey(),
              current,
              releasedOn,
              graceMinimum,
              graceEnds,
              p.get("updateUrl").url(),
              p.get("selfHelpUrl").url()));
    }
    return out;
  }

  private static VersionNumber version(ConfigNode n) {
    String text = n.text();
    return VersionNumber.tryParse(text)
        .orElseThrow(
            () ->
                n.fail(
                    "\""
                        + text
                        + "\" is not a version (expected numbers separated by dots, e.g. 2026.3)"));
  }

  // P5–P9, P17
  private static List<Category> categories(ConfigNode n, String defaultTag) {
    List<Category> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ConfigNode c : n.list()) {
      c.object(List.of("id", "scope", "priority", "names", "selfHelpUrl"));
      String id = c.get("id").text();
      if (!ids.add(id.toLowerCase(Locale.ROOT))) {
        throw c.get("id").fail("\"" + id + "\" is a duplicate category id (ids ignore case)");
      }
      Map<String, String> names = new LinkedHashMap<>();
      c.get("names").entries().forEach((tag, name) -> names.put(tag, name.text()));
      if (!names.containsKey(defaultTag)) {
        throw c.get("names").fail("missing a name for the default locale " + defaultTag);
      }
      out.add(
          new Category(
              id,
              c.get("scope").enumValue(CategoryScope.class),
              c.get("priority").integer(1, 1000),
              names,
              c.opt("selfHelpUrl").map(ConfigNode::url)));
    }
    if (out.isEmpty()) {
      throw n.fail("no categories");
    }
    return List.copyOf(out);
  }
}
