package puente.bench;

import java.util.Arrays;

/** Percentiles of latency samples in nanoseconds. */
record Percentiles(double p50Micros, double p99Micros, double p999Micros) {
  static Percentiles of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999));
  }

  /** One quantile of unsorted samples in nanoseconds, in microseconds. */
  static double micros(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return at(sorted, quantile);
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }

  @Override
  public String toString() {
    return String.format("%.0f / %.0f / %.0f µs", p50Micros, p99Micros, p999Micros);
  }
}
