package puente.broker.admin;

import puente.broker.config.BrokerConfig;
import puente.broker.store.Database;

/**
 * What an operator's command runs with inside the broker, having come through the admin socket.
 *
 * @param config the running broker's configuration
 * @param database the running broker's open database (never closed by a command)
 * @param operator the OS user the socket's peer credentials name, for the audit log
 * @param password what the command's process read for a password prompt, or null
 */
public record InBroker(BrokerConfig config, Database database, String operator, char[] password) {}
