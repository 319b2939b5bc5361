package puente.broker.http.console;

import puente.v1.RefusalReason;

/**
 * One reason's line on the refusals page.
 *
 * @param reason the reason
 * @param label the reason in words
 * @param today refusals today
 * @param week refusals this week
 */
public record RefusalRow(RefusalReason reason, String label, long today, long week) {}
