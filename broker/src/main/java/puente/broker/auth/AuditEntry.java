package puente.broker.auth;

import java.time.Instant;

/**
 * One change to a staff account or an API key.
 *
 * @param at when
 * @param actor the OS user running an operator's command, or the staff user making a call
 * @param action what was done ({@code disable}, {@code role}, {@code apikey-create}, …)
 * @param target the user name or API key it was done to
 * @param detail more about it (the new role), or null
 */
public record AuditEntry(Instant at, String actor, String action, String target, String detail) {}
