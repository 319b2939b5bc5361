package puente.broker.auth;

/**
 * A member of staff as the broker knows them after authentication.
 *
 * @param id database id
 * @param username login name, also their participant id in sessions
 * @param displayName name shown to customers
 * @param role what they may do
 */
public record Agent(long id, String username, String displayName, Role role) {}
