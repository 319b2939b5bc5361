package puente.broker.policy;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Lists what changed between two policies, one line per change, for the reload log. */
final class PolicyDiff {

  private PolicyDiff() {}

  static List<String> between(SupportPolicy a, SupportPolicy b) {
    List<String> out = new ArrayList<>();
    value(out, "zone", a.zone(), b.zone());
    for (DayOfWeek day : DayOfWeek.values()) {
      value(
          out,
          "officeHours." + day.name().toLowerCase(Locale.ROOT),
          hours(a.calendar().hours().get(day)),
          hours(b.calendar().hours().get(day)));
    }
    RestDays ra = a.calendar().restDays();
    RestDays rb = b.calendar().restDays();
    if (!ra.rules().equals(rb.rules())) {
      out.add("holidays.rules: " + ra.rules().size() + " rules → " + rb.rules().size() + " rules");
    }
    sets(out, "holidays.extra", ra.extra(), rb.extra());
    sets(out, "holidays.removed", ra.removed(), rb.removed());
    value(
        out,
        "closingWarningMinutes",
        a.closingWarningLead().toMinutes(),
        b.closingWarningLead().toMinutes());
    value(out, "licences", a.licenceTerms(), b.licenceTerms());
    value(out, "advisory", a.advisory(), b.advisory());
    value(out, "selfHelpUrl", a.selfHelpUrl(), b.selfHelpUrl());
    maps(out, "products", a.products(), b.products(), PolicyDiff::describe);
    value(out, "defaultCategory", a.defaultCategory(), b.defaultCategory());
    maps(out, "categories", byId(a.categories()), byId(b.categories()), Category::toString);
    value(out, "defaultLocale", a.messages().defaultTag(), b.messages().defaultTag());
    Set<String> tags = new TreeSet<>(a.messages().tags());
    tags.addAll(b.messages().tags());
    for (String tag : tags) {
      Messages.Bundle x = a.messages().tags().contains(tag) ? a.messages().bundle(tag) : null;
      Messages.Bundle y = b.messages().tags().contains(tag) ? b.messages().bundle(tag) : null;
      if (x == null || y == null) {
        out.add("messages." + tag + (x == null ? ": added" : ": removed"));
        continue;
      }
      for (String key : new TreeSet<>(x.templates().keySet())) {
        if (!x.templates().get(key).equals(y.templates().get(key))) {
          out.add("messages." + tag + "." + key + ": changed");
        }
      }
      for (String key : Messages.FORMAT_KEYS) {
        value(out, "messages." + tag + "." + key, x.patterns().get(key), y.patterns().get(key));
      }
    }
    return List.copyOf(out);
  }

  private static String hours(List<TimeRange> ranges) {
    return ranges.isEmpty() ? "closed" : ranges.toString();
  }

  private static String describe(ProductRelease r) {
    return r.currentRelease()
        + " (released "
        + r.releasedOn().map(Object::toString).orElse("?")
        + ", grace "
        + r.graceMinimum().map(Object::toString).orElse("none")
        + r.graceEndsOn().map(d -> " before " + d).orElse("")
        + ", update "
        + r.updateUrl()
        + ", help "
        + r.selfHelpUrl()
        + ")";
  }

  private static Map<String, Category> byId(List<Category> categories) {
    Map<String, Category> out = new LinkedHashMap<>();
    categories.forEach(c -> out.put(c.id(), c));
    return out;
  }

  private static void value(List<String> out, String key, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(key + ": " + a + " → " + b);
    }
  }

  private static <T> void sets(List<String> out, String key, Set<T> a, Set<T> b) {
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    b.stream().filter(x -> !a.contains(x)).forEach(x -> added.add(x.toString()));
    a.stream().filter(x -> !b.contains(x)).forEach(x -> removed.add(x.toString()));
    if (!added.isEmpty() || !removed.isEmpty()) {
      out.add(key + ": added " + added + ", removed " + removed);
    }
  }

  private static <T> void maps(
      List<String> out, String key, Map<String, T> a, Map<String, T> b, Function<T, String> show) {
    for (Map.Entry<String, T> e : a.entrySet()) {
      T other = b.get(e.getKey());
      if (other == null) {
        out.add(key + "." + e.getKey() + ": removed");
      } else if (!e.getValue().equals(other)) {
        out.add(
            key + "." + e.getKey() + ": " + show.apply(e.getValue()) + " → " + show.apply(other));
      }
    }
    for (Map.Entry<String, T> e : b.entrySet()) {
      if (!a.containsKey(e.getKey())) {
        out.add(key + "." + e.getKey() + ": added " + show.apply(e.getValue()));
      }
    }
  }
}
