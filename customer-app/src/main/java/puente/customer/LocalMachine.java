package puente.customer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import puente.v1.MachineIdentity;

/** Describes the machine the helper runs on, for registration. */
final class LocalMachine {
  private LocalMachine() {}

  /**
   * Builds the identity: host name, operating system, and a stable id that is the SHA-256 of host
   * name and user name (stable across runs, reveals neither). The user name itself is not shared.
   */
  static MachineIdentity identity() {
    String hostname = hostname();
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
    String machineId = sha256(hostname + "\n" + System.getProperty("user.name"));
    return MachineIdentity.newBuilder()
        .setHostname(hostname)
        .setOs(os)
        .setMachineId(machineId)
        .build();
  }

  private static String hostname() {
    String fromEnvironment = System.getenv("COMPUTERNAME");
    if (fromEnvironment == null || fromEnvironment.isBlank()) {
      fromEnvironment = System.getenv("HOSTNAME");
    }
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
