package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceBook;
import puente.broker.policy.LicenceMode;

/** The vendor's licences and the updates paid on them (P1–P3, P26). */
public final class LicenceStore implements LicenceBook {
  private final Jdbi jdbi;

  /** A store over the given database. */
  public LicenceStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /**
   * Adds a licence with its paid updates.
   *
   * @throws IllegalArgumentException if the key exists
   */
  public void add(Licence licence, Instant now) {
    jdbi.useTransaction(h -> insert(h, licence, now));
  }

  /**
   * Adds many licences in one transaction: all or none.
   *
   * @throws IllegalArgumentException naming the first key that exists
   */
  public void addAll(List<Licence> licences, Instant now) {
    jdbi.useTransaction(h -> licences.forEach(l -> insert(h, l, now)));
  }

  /** Records a paid update (P3). */
  public void addUpdate(String key, LocalDate paidOn) {
    jdbi.useHandle(
        h ->
            h.createUpdate("INSERT INTO licence_updates (licence_key, paid_on) VALUES (:k, :d)")
                .bind("k", key)
                .bind("d", paidOn)
                .execute());
  }

  /**
   * Reads a licence as it is now: never cached, since P1 judges validity at request time.
   *
   * @return the licence, or empty for an unknown key
   */
  @Override
  public Optional<Licence> find(String key) {
    return jdbi.withHandle(h -> find(h, key));
  }

  /** The licence and its paid updates in one statement: a row per update, or one with none. */
  private static Optional<Licence> find(Handle h, String key) {
    List<Row> rows =
        h.createQuery(
                "SELECT l.licence_key, l.customer_name, l.product, l.mode, l.starts_on, l.ends_on,"
                    + " u.paid_on FROM licences l"
                    + " LEFT JOIN licence_updates u ON u.licence_key = l.licence_key"
                    + " WHERE l.licence_key = :k AND l.replaced_by IS NULL ORDER BY u.paid_on")
            .bind("k", key)
            .map(
                (rs, ctx) ->
                    new Row(
                        rs.getString("licence_key"),
                        rs.getString("customer_name"),
                        rs.getString("product"),
                        LicenceMode.valueOf(rs.getString("mode")),
                        rs.getObject("starts_on", LocalDate.class),
                        rs.getObject("ends_on", LocalDate.class),
                        rs.getObject("paid_on", LocalDate.class)))
            .list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row first = rows.get(0);
    List<LocalDate> updates = rows.stream().map(Row::paidOn).filter(Objects::nonNull).toList();
    return Optional.of(
        new Licence(
            first.key(),
            first.customerName(),
            first.product(),
            first.mode(),
            first.startsOn(),
            first.endsOn(),
            updates));
  }

  private record Row(
      String key,
      String customerName,
      String product,
      LicenceMode mode,
      LocalDate startsOn,
      LocalDate endsOn,
      LocalDate paidOn) {}

  /**
   * Re-issues a lost licence under a new key (P26): the new key gets the same terms and paid
   * updates, and the old key stops working, in one transaction.
   *
   * @throws IllegalArgumentException if the old key is unknown or already replaced
   */
  public Licence reissue(String oldKey, String newKey, Instant now) {
    return jdbi.inTransaction(
        h -> {
          Licence old =
              find(h, oldKey)
                  .orElseThrow(
                      () -> new IllegalArgumentException("licence " + oldKey + " is unknown"));
          Licence renewed =
              new Licence(
                  newKey,
                  old.customerName(),
                  old.product(),
                  old.mode(),
                  old.startsOn(),
                  old.endsOn(),
                  old.paidUpdates());
          insert(h, renewed, now);
          h.createUpdate(
                  "UPDATE licences SET replaced_by = :n, replaced_at = :at WHERE licence_key = :k")
              .bind("n", newKey)
              .bind("at", utc(now))
              .bind("k", oldKey)
              .execute();
          return renewed;
        });
  }

  private static void insert(Handle h, Licence licence, Instant now) {
    boolean exists =
        h.createQuery("SELECT COUNT(*) FROM licences WHERE licence_key = :k")
                .bind("k", licence.key())
                .mapTo(Integer.class)
                .one()
            > 0;
    if (exists) {
      throw new IllegalArgumentException("licence " + licence.key() + " already exists");
    }
    h.createUpdate(
            "INSERT INTO licences (licence_key, customer_name, product, mode, starts_on, ends_on,"
                + " created_at) VALUES (:k, :c, :p, :m, :s, :e, :at)")
        .bind("k", licence.key())
        .bind("c", licence.customerName())
        .bind("p", licence.product())
        .bind("m", licence.mode().name())
        .bind("s", licence.startsOn())
        .bind("e", licence.endsOn())
        .bind("at", utc(now))
        .execute();
    for (LocalDate paidOn : licence.paidUpdates()) {
      h.createUpdate("INSERT INTO licence_updates (licence_key, paid_on) VALUES (:k, :d)")
          .bind("k", licence.key())
          .bind("d", paidOn)
          .execute();
    }
  }
}
