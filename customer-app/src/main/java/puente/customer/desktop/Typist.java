package puente.customer.desktop;

/**
 * Types characters into whatever application has the customer's keyboard focus, exactly as the
 * agent typed them, whatever keyboard layout the customer has. One implementation per way of faking
 * the keyboard ({@link XTestTypist} on X11, {@link SendInputTypist} on Windows, {@link RobotTypist}
 * where neither is available); {@link Typists#forThisDesktop} picks one. Used from the input thread
 * only.
 */
interface Typist extends AutoCloseable {
  /**
   * Types one character.
   *
   * @param codePoint a Unicode code point; {@code '\n'} is Enter, {@code '\t'} is Tab, other
   *     control characters type nothing
   */
  void type(int codePoint);

  /**
   * Types text, one character at a time.
   *
   * @param text the text
   */
  default void type(String text) {
    text.codePoints().forEach(this::type);
  }

  /** Undoes any temporary change to the customer's keyboard; called when input pauses. */
  default void settle() {}

  /**
   * Says how this typist reaches the keyboard, for the log, e.g. {@code "XTest :0"}.
   *
   * @return the description
   */
  String describe();

  /** Settles and frees what the typist holds. */
  @Override
  default void close() {
    settle();
  }
}
