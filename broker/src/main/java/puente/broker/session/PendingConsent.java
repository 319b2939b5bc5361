package puente.broker.session;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import puente.broker.auth.Agent;
import puente.v1.AccessKind;
import puente.v1.OpenSessionResponse;

/** The opening consent prompt, waiting for the customer's answer. */
record PendingConsent(
    String promptId,
    Agent requester,
    AccessKind access,
    Instant expiresAt,
    Locale staffLocale,
    CompletableFuture<OpenSessionResponse> answer) {}
