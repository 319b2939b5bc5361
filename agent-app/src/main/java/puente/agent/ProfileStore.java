package puente.agent;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import puente.client.Endpoint;

/**
 * Keeps the agent's {@link AgentProfile} in {@code agent.properties} in the config directory,
 * readable by its owner only (POSIX {@code 0600}, directory {@code 0700}): the token is a secret.
 */
final class ProfileStore {
  static final String FILE_NAME = "agent.properties";

  private final Path file;

  ProfileStore(Path configDir) {
    this.file = configDir.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  Optional<AgentProfile> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    String tlsCa = properties.getProperty("tls_ca", "");
    return Optional.of(
        new AgentProfile(
            Endpoint.parse(properties.getProperty("broker")),
            tlsCa.isEmpty() ? null : Path.of(tlsCa),
            Boolean.parseBoolean(properties.getProperty("plaintext")),
            properties.getProperty("user", ""),
            properties.getProperty("display_name", ""),
            properties.getProperty("role", ""),
            properties.getProperty("token", ""),
            Instant.parse(properties.getProperty("expires_at"))));
  }

  /** Writes the profile atomically: a private temporary file, then a rename. */
  void save(AgentProfile profile) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("broker", profile.broker().toString());
    properties.setProperty("tls_ca", profile.tlsCa() == null ? "" : profile.tlsCa().toString());
    properties.setProperty("plaintext", Boolean.toString(profile.plaintext()));
    properties.setProperty("user", profile.user());
    properties.setProperty("display_name", profile.displayName());
    properties.setProperty("role", profile.role());
    properties.setProperty("token", profile.token());
    properties.setProperty("expires_at", profile.expiresAt().toString());

    Path dir = file.getParent();
    Path temporary;
    if (posix()) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      temporary =
          Files.createTempFile(
              dir,
              FILE_NAME,
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createDirectories(dir);
      temporary = Files.createTempFile(dir, FILE_NAME, ".tmp");
    }
    try {
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(writer, "Puente agent login. Secret: readable by its owner only.");
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Forgets the login; returns false if there was none. */
  boolean delete() throws IOException {
    return Files.deleteIfExists(file);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
