package puente.broker.http.console;

/**
 * What every console page's frame shows: the language, who is signed in, the page's title and which
 * part of the navigation is current.
 *
 * @param w the words in the page's language
 * @param staff who is signed in, or null on the sign-in page
 * @param title the page title
 * @param nav {@code live}, {@code tickets} or empty
 * @param langHref this page in the other language
 */
public record Frame(Words w, Staff staff, String title, String nav, String langHref) {}
