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
    AtomicInteger left = new AtomicInteger(target - held.size());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        results.add(
            pool.submit(
                () -> {
                  int opened = 0;
                  while (left.getAndDecrement() > 0) {
                    PairedSession session = new PairedSession(clients);
                    session.open(nextSerial());
                    held.add(session);
                    opened++;
                  }
                  return opened;
                }));
      }
      int opened = 0;
      for (Future<Integer> result : results) {
        opened += result.get();
      }
      return opened;
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
