package puente.broker.admin;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceMode;

/**
 * Reads licences from CSV with a header row: {@code key,customer,product,mode,starts,ends,updates}
 * ({@code mode} rental or purchase; dates yyyy-MM-dd; {@code ends} only for rentals; {@code
 * updates} the dates of paid updates separated by {@code ;}). Every bad row is reported with its
 * line number.
 */
final class LicenceCsv {
  static final List<String> COLUMNS =
      List.of("key", "customer", "product", "mode", "starts", "ends", "updates");

  /** A row that could not be read. */
  record BadRow(long line, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  /** What a file held. */
  record Result(List<Licence> licences, List<BadRow> bad) {}

  private LicenceCsv() {}

  static Result read(Reader in) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.TRIM_SPACES);
    mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    ObjectReader reader =
        mapper.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
    List<Licence> licences = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (MappingIterator<Map<String, String>> rows = reader.readValues(in)) {
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> row;
        try {
          row = rows.nextValue();
        } catch (RuntimeException e) {
          bad.add(new BadRow(line, "not a CSV row (" + e.getMessage() + ")"));
          continue;
        }
        if (licences.isEmpty()
            && bad.isEmpty()
            && !row.keySet().containsAll(COLUMNS.subList(0, 5))) {
          throw new IOException(
              "header: expected columns "
                  + String.join(",", COLUMNS)
                  + " (found: "
                  + String.join(",", row.keySet())
                  + ")");
        }
        try {
          Licence licence = parse(row);
          if (!seen.add(licence.key())) {
            throw new IllegalArgumentException(
                "key " + licence.key() + " appears twice in the file");
          }
          licences.add(licence);
        } catch (IllegalArgumentException | DateTimeParseException e) {
          bad.add(new BadRow(line, e.getMessage()));
        }
      }
    }
    return new Result(licences, bad);
  }

  private static Licence parse(Map<String, String> row) {
    String key = required(row, "key");
    String mode = required(row, "mode").toUpperCase(Locale.ROOT);
    if (!mode.equals("RENTAL") && !mode.equals("PURCHASE")) {
      throw new IllegalArgumentException(
          "mode: " + row.get("mode") + " (expected: rental or purchase)");
    }
    String ends = row.getOrDefault("ends", "");
    String updates = row.getOrDefault("updates", "");
    return new Licence(
        key,
        required(row, "customer"),
        required(row, "product"),
        LicenceMode.valueOf(mode),
        date("starts", required(row, "starts")),
        ends == null || ends.isBlank() ? null : date("ends", ends),
        updates == null || updates.isBlank()
            ? List.of()
            : Arrays.stream(updates.split(";")).map(d -> date("updates", d.trim())).toList());
  }

  private static String required(Map<String, String> row, String column) {
    String value = row.get(column);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(column + ": empty");
    }
    return value;
  }

  private static LocalDate date(String column, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          column + ": " + value + " is not a date (expected: yyyy-MM-dd)");
    }
  }
}
