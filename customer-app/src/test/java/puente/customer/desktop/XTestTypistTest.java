package puente.customer.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link XTestTypist} against a real X server (Xvfb): which keys it uses and which it borrows under
 * a US and a Spanish layout, and that the keyboard mapping is as before once input pauses. That the
 * characters arrive in an application is shown end to end in {@code puente.e2e.screen}.
 *
 * <p>Skipped without Xvfb or setxkbmap; {@code PUENTE_REQUIRE_XVFB=1} (CI) makes that a failure.
 */
@EnabledOnOs(OS.LINUX)
class XTestTypistTest {
  private Process server;
  private String display;
  private XTestTypist typist;

  @BeforeEach
  void startXvfb() throws Exception {
    boolean tools = onPath("Xvfb") && onPath("setxkbmap");
    if (!tools && "1".equals(System.getenv("PUENTE_REQUIRE_XVFB"))) {
      throw new AssertionError("Xvfb and setxkbmap (x11-xkb-utils) are required");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(tools, "Xvfb or setxkbmap not installed");
    for (int number = 200; number < 300 && typist == null; number++) {
      if (Files.exists(Path.of("/tmp/.X11-unix/X" + number))
          || Files.exists(Path.of("/tmp/.X" + number + "-lock"))) {
        continue;
      }
      server =
          new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", "320x200x24", "-nolisten", "tcp")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      display = ":" + number;
      for (int tries = 0; tries < 100 && typist == null && server.isAlive(); tries++) {
        Thread.sleep(100);
        if (Files.exists(Path.of("/tmp/.X11-unix/X" + number))) {
          try {
            typist = XTestTypist.open(display);
          } catch (IllegalStateException notYet) {
            // The socket exists before the server accepts connections.
          }
        }
      }
      if (typist == null) {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(typist).as("an Xvfb display to type on").isNotNull();
  }

  @AfterEach
  void stop() throws Exception {
    if (typist != null) {
      typist.close();
    }
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void usLayoutTypesAsciiWithItsOwnKeysAndBorrowsAKeyForÑ() throws Exception {
    layout("us");
    Map<Integer, Long> before = keysyms(typist.readMap());

    typist.type("Hola, qué tal?\n");
    Map<Integer, Long> changed = changes(before, keysyms(typist.readMap()));

    assertThat(changed.values()).containsExactly(0xe9L); // é: the US layout has no key for it
    typist.type('ñ');
    assertThat(changes(before, keysyms(typist.readMap())).values())
        .containsExactlyInAnyOrder(0xe9L, 0xf1L);

    typist.settle();
    assertThat(keysyms(typist.readMap())).as("every borrowed key is given back").isEqualTo(before);
  }

  @Test
  void spanishLayoutTypesÑAndInvertedMarksWithItsOwnKeysAndBorrowsOnlyForTheEuro()
      throws Exception {
    layout("es");
    Map<Integer, Long> before = keysyms(typist.readMap());

    typist.type("ñandú ¿Qué? ¡Sí!");
    Map<Integer, Long> afterSpanish = keysyms(typist.readMap());
    // ú, é, í need the acute dead key in this layout: one press of a borrowed key each instead.
    assertThat(changes(before, afterSpanish).values())
        .containsExactlyInAnyOrder(0xfaL, 0xe9L, 0xedL);

    typist.type('€'); // AltGr+E in this layout; borrowed so that no AltGr state is needed
    assertThat(changes(before, keysyms(typist.readMap())).values()).contains(0x010020acL);

    typist.settle();
    assertThat(keysyms(typist.readMap())).isEqualTo(before);
  }

  @Test
  void neverBorrowsMoreThanItsLimitOfKeycodes() throws Exception {
    layout("us");
    Map<Integer, Long> before = keysyms(typist.readMap());

    typist.type("áéíóúüñ€¿¡ÁÉ");

    assertThat(changes(before, keysyms(typist.readMap()))).hasSize(XTestTypist.MAX_BORROWED);
    typist.settle();
    assertThat(keysyms(typist.readMap())).isEqualTo(before);
  }

  private void layout(String name) throws Exception {
    Process setxkbmap =
        new ProcessBuilder("setxkbmap", "-display", display, name)
            .redirectErrorStream(true)
            .start();
    String output = new String(setxkbmap.getInputStream().readAllBytes());
    assertThat(setxkbmap.waitFor()).as("setxkbmap %s: %s", name, output).isZero();
  }

  /** Level-1 keysym of every keycode. */
  private static Map<Integer, Long> keysyms(KeyMap map) {
    Map<Integer, Long> all = new HashMap<>();
    for (int keycode = 8; keycode <= 255; keycode++) {
      all.put(keycode, map.keysym(keycode, 0));
    }
    return all;
  }

  private static Map<Integer, Long> changes(Map<Integer, Long> before, Map<Integer, Long> after) {
    Map<Integer, Long> changed = new HashMap<>();
    List<Integer> keycodes = new ArrayList<>(after.keySet());
    for (int keycode : keycodes) {
      if (!after.get(keycode).equals(before.get(keycode))) {
        changed.put(keycode, after.get(keycode));
      }
    }
    return changed;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
