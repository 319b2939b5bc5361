package puente.broker.session;

/**
 * A control prompt waiting for the customer's answer: hand control to {@code to}, asked by {@code
 * grantedBy} (the holder handing over, or {@code to} itself), widening the grant by {@code widen}
 * (none for a plain hand-over).
 */
record ControlPrompt(String promptId, String to, String grantedBy, Grant widen) {}
