package puente.broker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.store.AgentStore;
import puente.broker.store.CaseStore;
import puente.broker.store.Database;
import puente.broker.store.TicketStore;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.TicketCommand;
import puente.broker.ticket.TicketDesk;
import puente.broker.ticket.TicketLifecycle;

/**
 * Ticket writes under concurrent sessions, on the embedded H2 file database (the default, with
 * every commit on disk) and on PostgreSQL at 127.0.0.1:5432 (database {@code test}). Not run by the
 * tests: {@code java -cp … puente.broker.bench.TicketWriteBench [sessions] [rounds]}.
 *
 * <p>Each simulated session writes what a real one does: registration (ticket and session row),
 * consent, start, a participant, byte checkpoints, two notes through the versioned lifecycle path,
 * and the end. A second scenario has every thread add notes to one ticket, the worst case for
 * optimistic concurrency. Prints writes per second and the PostgreSQL/H2 ratio.
 */
public final class TicketWriteBench {
  private static final int WRITES_PER_SESSION = 9;

  private TicketWriteBench() {}

  /** Runs both scenarios on both databases. */
  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Map<String, double[]> results = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("puente-bench");
    try (Database h2 =
        Database.open(
            new BrokerConfig.Database(
                "jdbc:h2:file:" + dir.resolve("bench") + ";WRITE_DELAY=0", "sa", "", sessions))) {
      results.put("H2 (file)", run(h2, sessions, rounds));
    }
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    String user =
        System.getenv().getOrDefault("PUENTE_POSTGRES_USER", System.getProperty("user.name"));
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try (Database pg =
        Database.open(
            new BrokerConfig.Database(url + "?currentSchema=" + schema, user, "", sessions))) {
      results.put("PostgreSQL", run(pg, sessions, rounds));
    } finally {
      try (Connection c = DriverManager.getConnection(url, user, "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
    System.out.printf("%d concurrent sessions, %d rounds each%n", sessions, rounds);
    System.out.printf("%-12s %22s %26s%n", "database", "session writes/s", "one-ticket notes/s");
    results.forEach((name, r) -> System.out.printf("%-12s %22.0f %26.0f%n", name, r[0], r[1]));
    double[] h2 = results.get("H2 (file)");
    double[] pg = results.get("PostgreSQL");
    System.out.printf(
        "PostgreSQL/H2 ratio: sessions %.2f, one ticket %.2f%n", pg[0] / h2[0], pg[1] / h2[1]);
  }

  private static double[] run(Database db, int threads, int rounds) throws Exception {
    TicketStore tickets = new TicketStore(db);
    CaseStore cases = new CaseStore(db);
    TicketDesk desk = new TicketDesk(cases, tickets, TicketLifecycle.defaults(), Clock.systemUTC());
    Agent ana = new AgentStore(db).add("ana", "Ana", Role.AGENT, "x", Instant.now());
    // Warm up the pool and the JIT before measuring.
    sessions(tickets, desk, ana, threads, Math.max(1, rounds / 10));
    LongAdder writes = new LongAdder();
    long start = System.nanoTime();
    writes.add(sessions(tickets, desk, ana, threads, rounds));
    double sessionRate = writes.sum() / ((System.nanoTime() - start) / 1e9);

    long shared =
        tickets.openTicket(
            new NewTicket("LIC-B", "Banco", "contabilidad", "1", "shared", "PC"),
            UUID.randomUUID().toString(),
            Instant.now());
    start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    desk.apply(shared, new TicketCommand.AddNote("n" + i), "ana");
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double oneTicketRate = (double) threads * rounds / ((System.nanoTime() - start) / 1e9);
    return new double[] {sessionRate, oneTicketRate};
  }

  private static long sessions(
      TicketStore tickets, TicketDesk desk, Agent ana, int threads, int rounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(
                () -> {
                  long n = 0;
                  for (int i = 0; i < rounds; i++) {
                    String session = UUID.randomUUID().toString();
                    Instant now = Instant.now();
                    long ticket =
                        tickets.openTicket(
                            new NewTicket(
                                "LIC-B",
                                "Banco",
                                "contabilidad",
                                "1",
                                UUID.randomUUID().toString(),
                                "PC"),
                            session,
                            now);
                    tickets.consentRequested(
                        ticket, session, now, "ana", "installation", 2, false, "TUNNEL");
                    tickets.started(ticket, session, "TUNNEL", ana.id(), now, "ana");
                    tickets.joined(ticket, session, "ana", "Ana", "agent", now);
                    tickets.checkpointBytes(session, 1_000, 2_000, java.time.Instant.now());
                    tickets.checkpointBytes(session, 5_000, 9_000, java.time.Instant.now());
                    desk.apply(ticket, new TicketCommand.AddNote("revisando"), "ana");
                    desk.apply(ticket, new TicketCommand.AddNote("listo"), "ana");
                    tickets.ended(
                        ticket, session, "ENDED_BY_AGENT", null, 5_000, 9_000, now, "ana");
                    n += WRITES_PER_SESSION;
                  }
                  return n;
                }));
      }
      long total = 0;
      for (Future<Long> f : work) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdown();
    }
  }
}
