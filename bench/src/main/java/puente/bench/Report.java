package puente.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's table: each figure with the baseline measured in the same run, their ratio, the
 * target and whether it was met. Rows are printed as they come (the suite takes minutes) and again
 * as one Markdown table at the end.
 */
final class Report {
  /** One figure. {@code ratio} is NaN where there is nothing to divide. */
  record Row(
      String figure, String value, String baseline, double ratio, String target, Verdict verdict) {}

  enum Verdict {
    MET("met"),
    MISSED("MISSED"),
    CONTEXT("");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }
  }

  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Report(PrintStream out) {
    this.out = out;
  }

  void add(Row row) {
    rows.add(row);
    out.println("  " + format(row));
  }

  /** A line printed under the table, e.g. an intermediate measurement. */
  void note(String note) {
    notes.add(note);
    out.println("  · " + note);
  }

  void progress(String message) {
    out.println(message);
  }

  void printTable() {
    out.println();
    out.println("| figure | measured | baseline (same run) | ratio | target | |");
    out.println("|---|---|---|---|---|---|");
    for (Row row : rows) {
      out.println(format(row));
    }
    if (!notes.isEmpty()) {
      out.println();
      for (String note : notes) {
        out.println("- " + note);
      }
    }
  }

  static Verdict verdict(boolean met) {
    return met ? Verdict.MET : Verdict.MISSED;
  }

  private static String format(Row row) {
    String ratio = Double.isNaN(row.ratio()) ? "—" : String.format("%.2f", row.ratio());
    return "| "
        + row.figure()
        + " | "
        + row.value()
        + " | "
        + row.baseline()
        + " | "
        + ratio
        + " | "
        + row.target()
        + " | "
        + row.verdict().label
        + " |";
  }
}
