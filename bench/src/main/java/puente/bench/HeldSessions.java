package puente.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paired sessions opened through the broker's real protocol by a few worker threads and held open
 * (helper and agent streams connected, consent given, no traffic) until closed.
 */
final class HeldSessions implements AutoCloseable {
  private final BrokerClients clients;
  private final int workers;
  private final List<PairedSession> held = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger serial;

  /**
   * Connects to the broker and logs the benchmark's agent in.
   *
   * @param workers how many sessions are opened at once
   * @param firstSerial machines are named {@code bench-N} from here on, so that runs do not mix
   */
  HeldSessions(Installation puente, int workers, int firstSerial) throws Exception {
    this.clients = new BrokerClients(puente.grpcPort(), 8);
    this.workers = workers;
    this.serial = new AtomicInteger(firstSerial);
  }

  /** The connections the sessions use, for more sessions of the caller's own. */
  BrokerClients clients() {
    return clients;
  }

  int size() {
    return held.size();
  }

  /** A fresh machine number for a session opened by the caller. */
  int nextSerial() {
    return serial.incrementAndGet();
  }

  /**
   * Opens sessions until {@code target} are held.
   *
   * @return how many were opened
   */
  int openUpTo(int target) throws Exception {
    return onWorkers(
        target - held.size(),
        () -> {
          PairedSession session = new PairedSession(clients);
          session.open(nextSerial());
          held.add(session);
        });
  }

  /** Opens and ends {@code count} more sessions, a few at once, as a busy office would. */
  void openAndEnd(int count) throws Exception {
    onWorkers(
        count,
        () -> {
          PairedSession session = new PairedSession(clients);
          session.open(nextSerial());
          session.end();
        });
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Runs a step {@code count} times on the workers; returns how many ran. */
  private int onWorkers(int count, Step step) throws Exception {
    AtomicInteger left = new AtomicInteger(count);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        results.add(
            pool.submit(
                () -> {
                  int ran = 0;
                  while (left.getAndDecrement() > 0) {
                    step.run();
                    ran++;
                  }
                  return ran;
                }));
      }
      int ran = 0;
      for (Future<Integer> result : results) {
        ran += result.get();
      }
      return ran;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Drops every held session's streams and the connections. */
  @Override
  public void close() throws InterruptedException {
    synchronized (held) {
      for (PairedSession session : held) {
        session.cancel();
      }
      held.clear();
    }
    clients.close();
  }
}
