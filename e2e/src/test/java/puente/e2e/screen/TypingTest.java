package puente.e2e.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import puente.e2e.Program;

/**
 * Every key reaches the customer: the agent types Spanish text through the viewer into the text
 * field of {@link PatternApp} on the customer's display, whose keyboard layout is US in one run and
 * Spanish in the other. The agent's display has a Spanish layout and the agent presses real keys
 * (xdotool): accents with the dead acute key, "Ü" with Shift and the dead diaeresis, "€" with its
 * AltGr level, so the agent's keyboard composes each character and the viewer must send it once.
 * The field must hold the text exactly, a Backspace typed after it must take away exactly one
 * character, and the customer's clipboard must stay untouched (the helper types, it never pastes).
 * Screenshots of both displays are kept in {@code e2e/target/screen-tests/typing-<layout>-*.png}.
 */
class TypingTest {
  static final String SPANISH = "año ñandú ¿Qué? ¡Sí! Ü €";

  /** The keys a Spanish-keyboard agent presses for {@link #SPANISH}, then an "x" to erase. */
  static final String[] KEYS = {
    "a",
    "ntilde",
    "o",
    "space",
    "ntilde",
    "a",
    "n",
    "d",
    "dead_acute",
    "u",
    "space",
    "questiondown",
    "shift+q",
    "u",
    "dead_acute",
    "e",
    "question",
    "space",
    "exclamdown",
    "shift+s",
    "dead_acute",
    "i",
    "exclam",
    "space",
    "shift+dead_diaeresis",
    "shift+u",
    "space",
    "EuroSign",
    "x"
  };

  @TempDir Path dir;

  @BeforeAll
  static void needsX() {
    XDisplay.assumeTools("Xvfb", "xdotool", "import", "setxkbmap");
  }

  @ParameterizedTest(name = "customer layout {0}")
  @ValueSource(strings = {"us", "es"})
  void spanishTextTypedInTheViewerArrivesExactlyWhateverTheCustomersLayout(String layout)
      throws Exception {
    try (Scene scene = Scene.start(dir)) {
      setLayout(scene.customer, layout);
      setLayout(scene.agent, "es");
      scene.showPattern();
      Program helper = scene.helper();
      Program viewer = scene.viewWithConsent(helper, "--one-to-one");
      viewer.awaitLine("Usted tiene el control", Duration.ofSeconds(30));
      int[] offset = ScreenSharingTest.awaitViewerShowsCustomer(scene, "typing-" + layout);

      XDisplay agent = scene.agent;
      int[] field = scene.field();
      agent.xdotool(
          "mousemove", String.valueOf(field[0] + offset[0]), String.valueOf(field[1] + offset[1]));
      agent.xdotool("click", "1");
      ScreenSharingTest.awaitTyped(scene, "text=", Duration.ofSeconds(5));
      List<String> keys = new ArrayList<>(List.of("key", "--delay", "80"));
      keys.addAll(List.of(KEYS));
      agent.xdotool(keys.toArray(String[]::new));
      ScreenSharingTest.awaitTyped(scene, "text=" + SPANISH + "x\n", Duration.ofSeconds(60));
      agent.xdotool("key", "BackSpace");
      ScreenSharingTest.awaitTyped(scene, "text=" + SPANISH + "\n", Duration.ofSeconds(30));

      Program probe =
          Program.startTestClass("puente.e2e.screen.ClipboardProbe", scene.customer.env());
      assertThat(probe.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(probe.output()).as("the customer's clipboard").contains("clipboard-empty");

      // The viewer shows the typed text too; keep both displays as PNGs to look at.
      ScreenSharingTest.awaitViewerShowsCustomer(scene, "typing-" + layout + "-typed");
      assertThat(Files.readString(scene.typed)).isEqualTo("text=" + SPANISH + "\nclicks=0\n");
      viewer.type("q");
      assertThat(viewer.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  private static void setLayout(XDisplay display, String layout) throws Exception {
    XDisplay.Outcome set = display.run(Duration.ofSeconds(30), "setxkbmap", layout);
    assertThat(set.exit())
        .as("setxkbmap %s on %s: %s", layout, display.name(), set.output())
        .isZero();
  }
}
