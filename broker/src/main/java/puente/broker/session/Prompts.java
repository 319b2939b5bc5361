package puente.broker.session;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.v1.ConsentPrompt;
import puente.v1.HelperEvent;
import puente.v1.Participant;

/**
 * The customer's consent prompts, worded so that each names exactly what a yes allows and who asks:
 * one phrase per capability, joined as a person would say them ("ver su pantalla y usar su mouse,
 * su teclado y su portapapeles").
 */
final class Prompts {
  private Prompts() {}

  /**
   * What a grant allows, in words.
   *
   * @param offeredService what the customer said they share, named in the TUNNEL phrase
   */
  static String describe(Locale locale, Grant grant, String offeredService) {
    List<String> phrases =
        grant.capabilities().stream()
            .map(c -> Messages.get(locale, "capability." + c.name(), offeredService))
            .toList();
    if (phrases.isEmpty()) {
      return Messages.get(locale, "capability.none");
    }
    String joined = phrases.get(phrases.size() - 1);
    for (int i = phrases.size() - 2; i >= 0; i--) {
      joined =
          i == phrases.size() - 2
              ? Messages.get(locale, "list.and", phrases.get(i), joined)
              : phrases.get(i) + ", " + joined;
    }
    return joined;
  }

  /** "{requester} ({role}) de soporte técnico solicita {what}. ¿Lo permite?" */
  static String asks(Locale locale, Agent requester, String what) {
    return Messages.get(
        locale,
        "consent.prompt",
        requester.displayName(),
        Messages.get(locale, "role." + requester.role().wireName()),
        what);
  }

  /** A consent prompt for the helper. */
  static HelperEvent prompt(
      String promptId, Agent requester, Grant capabilities, String message, Instant expiresAt) {
    return HelperEvent.newBuilder()
        .setConsentPrompt(
            ConsentPrompt.newBuilder()
                .setPromptId(promptId)
                .setRequester(
                    Participant.newBuilder()
                        .setId(requester.username())
                        .setDisplayName(requester.displayName())
                        .setRole(requester.role().wireName()))
                .setAccess(capabilities.summary())
                .addAllCapabilities(capabilities.wire())
                .setMessage(message)
                .setExpiresAt(Events.timestamp(expiresAt)))
        .build();
  }

  /** The prompt for the agent who opened the session by its code. */
  static HelperEvent opening(LiveSession session, PendingConsent pending) {
    Locale locale = session.registration().locale();
    Grant asked = Grant.forOpening(pending.access());
    String what = describe(locale, asked, session.registration().offeredService());
    return prompt(
        pending.promptId(),
        pending.requester(),
        asked,
        asks(locale, pending.requester(), what),
        pending.expiresAt());
  }
}
