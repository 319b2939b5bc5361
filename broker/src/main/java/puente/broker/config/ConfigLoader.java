package puente.broker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@link BrokerConfig}: the shipped defaults, then an optional file, then {@code key=value}
 * overrides. Unknown keys and bad values fail with the key named.
 */
public final class ConfigLoader {
  private static final String DEFAULTS = "/puente/broker/config/defaults.yaml";
  // Stands for the broker's home in database.url, so the default database follows --home.
  private static final String HOME = "${home}";

  private static final java.time.Duration KEEPALIVE_FLOOR = java.time.Duration.ofSeconds(10);

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Path home;

  /** A loader whose {@code ${home}} is the broker's home for this process ({@link BrokerHome}). */
  public ConfigLoader() {
    this(BrokerHome.resolve(null));
  }

  /**
   * A loader with an explicit home.
   *
   * @param home what {@code ${home}} stands for in {@code database.url}
   */
  public ConfigLoader(Path home) {
    this.home = home;
  }

  /**
   * Loads the configuration.
   *
   * @param file a YAML file whose keys override the defaults, or {@code null}
   * @param overrides {@code dotted.key=value} strings applied last (e.g. {@code grpc.port=0})
   * @return the merged, validated configuration
   * @throws ConfigException naming the offending key
   */
  public BrokerConfig load(Path file, List<String> overrides) {
    ObjectNode tree = readDefaults();
    if (file != null) {
      merge(tree, readFile(file), "");
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    JsonNode url = tree.path("database").path("url");
    if (url.isTextual() && url.asText().contains(HOME)) {
      ((ObjectNode) tree.get("database"))
          .put("url", url.asText().replace(HOME, home.toString().replace('\\', '/')));
    }
    // Where this process found its home, whatever a file says: the broker and its commands agree.
    tree.put("home", home.toString());
    try {
      BrokerConfig config = yaml.treeToValue(tree, BrokerConfig.class);
      validate(config);
      return config;
    } catch (JsonMappingException e) {
      throw new ConfigException(keyOf(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(e.getOriginalMessage(), e);
    }
  }

  private ObjectNode readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
  }

  private JsonNode readFile(Path file) {
    try {
      JsonNode node = yaml.readTree(Files.readString(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return yaml.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ": expected a mapping of keys at the top level", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /** Copies {@code from} into {@code into}, refusing keys the defaults do not have. */
  private static void merge(ObjectNode into, JsonNode from, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode current = into.get(field.getKey());
      if (current == null) {
        throw new ConfigException(key + ": unknown key", null);
      }
      if (current.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) current, field.getValue(), key + ".");
      } else if (current.isObject()) {
        throw new ConfigException(key + ": expected a mapping of keys", null);
      } else {
        into.set(field.getKey(), field.getValue());
      }
    }
  }

  private void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(override + ": expected key=value", null);
    }
    String[] path = override.substring(0, eq).split("\\.");
    String value = override.substring(eq + 1);
    ObjectNode patch = yaml.createObjectNode();
    ObjectNode at = patch;
    for (int i = 0; i < path.length - 1; i++) {
      at = at.putObject(path[i]);
    }
    try {
      JsonNode parsed = yaml.readTree(value.isEmpty() ? "null" : value);
      at.set(path[path.length - 1], parsed == null ? yaml.nullNode() : parsed);
    } catch (JsonProcessingException e) {
      at.put(path[path.length - 1], value);
    }
    merge(tree, patch, "");
  }

  private static void validate(BrokerConfig config) {
    requirePort("grpc.port", config.grpc().port());
    requirePort("http.port", config.http().port());
    requirePort("data.port", config.data().port());
    if (config.data().threads() < 0) {
      throw new ConfigException(
          "data.threads: " + config.data().threads() + " (expected: >= 0; 0 = half the processors)",
          null);
    }
    if (config.refusals().keepDays() < 7) {
      throw new ConfigException(
          "refusals.keepDays: "
              + config.refusals().keepDays()
              + " (expected: >= 7; the console shows this week)",
          null);
    }
    if (config.refusals().distinctPerDay() < 1) {
      throw new ConfigException(
          "refusals.distinctPerDay: " + config.refusals().distinctPerDay() + " (expected: >= 1)",
          null);
    }
    requirePositive("sessions.codeTtl", config.sessions().codeTtl());
    requirePositive("sessions.consentTimeout", config.sessions().consentTimeout());
    requirePositive("sessions.attachTimeout", config.sessions().attachTimeout());
    requirePositive("sessions.queueTimeout", config.sessions().queueTimeout());
    requirePositive("sessions.viewerLagGrace", config.sessions().viewerLagGrace());
    requirePositive("sessions.viewerStallLimit", config.sessions().viewerStallLimit());
    requirePositive("agents.tokenTtl", config.agents().tokenTtl());
    requirePositive("throttle.baseDelay", config.throttle().baseDelay());
    requirePositive("throttle.maxDelay", config.throttle().maxDelay());
    config.budgets().validate();
    if (config.database().poolSize() < 1) {
      throw new ConfigException(
          "database.poolSize: " + config.database().poolSize() + " (expected: >= 1)", null);
    }
    validateLimits(config.limits());
    if ((config.tls().certificate() == null) != (config.tls().privateKey() == null)) {
      throw new ConfigException(
          "tls: certificate and privateKey must be set together (one of them is missing)", null);
    }
  }

  private static void validateLimits(BrokerConfig.Limits limits) {
    BrokerConfig.GrpcLimits grpc = limits.grpc();
    requireAtLeastOne("limits.grpc.connectionsPerAddress", grpc.connectionsPerAddress());
    requireAtLeastOne("limits.grpc.callsPerConnection", grpc.callsPerConnection());
    requireAtLeastOne("limits.grpc.rstFramesPerWindow", grpc.rstFramesPerWindow());
    requireWholeSeconds("limits.grpc.rstWindow", grpc.rstWindow());
    if (grpc.keepAliveTime() == null || grpc.keepAliveTime().compareTo(KEEPALIVE_FLOOR) < 0) {
      // gRPC raises anything shorter to this floor without a word; say so at start instead.
      throw new ConfigException(
          "limits.grpc.keepAliveTime: " + grpc.keepAliveTime() + " (expected: >= PT10S)", null);
    }
    requirePositive("limits.grpc.keepAliveTimeout", grpc.keepAliveTimeout());
    requirePositive("limits.grpc.permitKeepAliveTime", grpc.permitKeepAliveTime());
    requirePositive("limits.grpc.maxConnectionIdle", grpc.maxConnectionIdle());
    requireAtLeastOne("limits.grpc.maxMessageBytes", grpc.maxMessageBytes());
    requireAtLeastOne("limits.grpc.maxMetadataBytes", grpc.maxMetadataBytes());
    requireAtLeastOne("limits.data.connectionsPerAddress", limits.data().connectionsPerAddress());
    BrokerConfig.HttpLimits http = limits.http();
    requireAtLeastOne("limits.http.connectionsPerAddress", http.connectionsPerAddress());
    requireAtLeastOne("limits.http.maxHeaderBytes", http.maxHeaderBytes());
    requireAtLeastOne("limits.http.maxBodyBytes", http.maxBodyBytes());
    requirePositive("limits.http.idleTimeout", http.idleTimeout());
  }

  private static void requireAtLeastOne(String key, int value) {
    if (value < 1) {
      throw new ConfigException(key + ": " + value + " (expected: >= 1)", null);
    }
  }

  // gRPC counts resets in windows of whole seconds.
  private static void requireWholeSeconds(String key, java.time.Duration value) {
    if (value == null || value.toSeconds() < 1 || value.toNanos() % 1_000_000_000L != 0) {
      throw new ConfigException(key + ": " + value + " (expected: whole seconds, >= PT1S)", null);
    }
  }

  private static void requirePort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(key + ": " + port + " (expected: 0..65535)", null);
    }
  }

  private static void requirePositive(String key, java.time.Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigException(key + ": " + value + " (expected: a positive duration)", null);
    }
  }

  private static String keyOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
