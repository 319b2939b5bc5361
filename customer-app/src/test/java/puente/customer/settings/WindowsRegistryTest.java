package puente.customer.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.WinNT;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import puente.customer.settings.Registry.Hive;

/** The registry reader against a fake of the two system calls (this machine is not Windows). */
class WindowsRegistryTest {
  private final FakeApi api = new FakeApi();
  private final WindowsRegistry registry = new WindowsRegistry(api);

  @Test
  void readsTheSixtyFourBitViewFirst() {
    api.put(WinNT.KEY_WOW64_64KEY, "SOFTWARE\\Contadores", "Version", "2026.3");
    api.put(WinNT.KEY_WOW64_32KEY, "SOFTWARE\\Contadores", "Version", "2019.1");

    assertThat(registry.readString(Hive.LOCAL_MACHINE, "SOFTWARE\\Contadores", "Version"))
        .contains("2026.3");
  }

  @Test
  void findsAThirtyTwoBitInstallersValue() {
    api.put(WinNT.KEY_WOW64_32KEY, "SOFTWARE\\Contadores", "Version", "2026.2");

    assertThat(registry.readString(Hive.LOCAL_MACHINE, "SOFTWARE\\Contadores", "Version"))
        .contains("2026.2");
    assertThat(api.asked).containsExactly(WinNT.KEY_WOW64_64KEY, WinNT.KEY_WOW64_32KEY);
  }

  @Test
  void aMissingValueIsEmpty() {
    assertThat(registry.readString(Hive.CURRENT_USER, "Software\\Nadie", "Version")).isEmpty();
  }

  @Test
  void aValueThatIsNotTextIsAProblemNotAStack() {
    api.put(WinNT.KEY_WOW64_64KEY, "SOFTWARE\\Contadores", "Version", null);

    assertThatThrownBy(
            () -> registry.readString(Hive.LOCAL_MACHINE, "SOFTWARE\\Contadores", "Version"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("not a text value");
  }

  @Test
  void keysAreWrittenAsWindowsShowsThem() {
    assertThat(Registry.Path.parse("HKLM\\SOFTWARE\\Contadores\\"))
        .isEqualTo(new Registry.Path(Hive.LOCAL_MACHINE, "SOFTWARE\\Contadores"));
    assertThat(Registry.Path.parse("hkey_current_user/Software/Contadores"))
        .isEqualTo(new Registry.Path(Hive.CURRENT_USER, "Software\\Contadores"));
    assertThatThrownBy(() -> Registry.Path.parse("HKCR\\x"))
        .hasMessage("hive: 'HKCR' (expected: HKLM or HKCU)");
    assertThatThrownBy(() -> Registry.Path.parse("HKLM")).hasMessageStartingWith("key: empty");
  }

  /** Values by view and key; a null value stands for one that is not text (REG_DWORD). */
  private static final class FakeApi implements WindowsRegistry.Api {
    private final Map<String, String> values = new HashMap<>();
    final List<Integer> asked = new ArrayList<>();

    void put(int view, String key, String value, String data) {
      values.put(view + "|" + key + "|" + value, data);
    }

    @Override
    public boolean valueExists(Hive hive, String key, String value, int view) {
      asked.add(view);
      return values.containsKey(view + "|" + key + "|" + value);
    }

    @Override
    public String readString(Hive hive, String key, String value, int view) {
      String data = values.get(view + "|" + key + "|" + value);
      if (data == null) {
        throw new IllegalStateException("Unexpected registry type 4, expected REG_SZ");
      }
      return data;
    }
  }
}
