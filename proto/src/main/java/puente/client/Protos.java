package puente.client;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between protobuf well-known types and {@code java.time}. */
public final class Protos {
  private Protos() {}

  /**
   * Converts a timestamp.
   *
   * @param timestamp a protobuf timestamp
   * @return the same instant
   */
  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
