package puente.customer.settings;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import java.util.Optional;

/**
 * The Windows registry through JNA ({@code jna-platform}'s {@link Advapi32Util}). A 32-bit
 * accounting program's installer on 64-bit Windows writes under {@code WOW6432Node}, so the 64-bit
 * view is read first and then the 32-bit one.
 *
 * <p>Only the {@link Api} seam touches the system; it is tested with a fake. This class has not
 * been run on Windows.
 */
public final class WindowsRegistry implements Registry {
  /** The two calls this class needs from the system. */
  interface Api {
    boolean valueExists(Hive hive, String key, String value, int view);

    String readString(Hive hive, String key, String value, int view);
  }

  /** The 64-bit view, then the 32-bit one. */
  static final int[] VIEWS = {WinNT.KEY_WOW64_64KEY, WinNT.KEY_WOW64_32KEY};

  private final Api api;

  WindowsRegistry(Api api) {
    this.api = api;
  }

  /**
   * The system's registry. Call it on Windows only: JNA loads {@code advapi32.dll} on first use.
   *
   * @return the registry
   */
  public static WindowsRegistry system() {
    return new WindowsRegistry(new Advapi32());
  }

  @Override
  public Optional<String> readString(Hive hive, String key, String value) {
    for (int view : VIEWS) {
      if (api.valueExists(hive, key, value, view)) {
        try {
          return Optional.of(api.readString(hive, key, value, view));
        } catch (RuntimeException e) {
          // Advapi32Util throws when the value is a number or binary rather than text.
          throw new IllegalStateException("not a text value: " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  /** The real calls. */
  private static final class Advapi32 implements Api {
    @Override
    public boolean valueExists(Hive hive, String key, String value, int view) {
      return Advapi32Util.registryValueExists(root(hive), key, value, view);
    }

    @Override
    public String readString(Hive hive, String key, String value, int view) {
      return Advapi32Util.registryGetStringValue(root(hive), key, value, view);
    }

    private static WinReg.HKEY root(Hive hive) {
      return switch (hive) {
        case LOCAL_MACHINE -> WinReg.HKEY_LOCAL_MACHINE;
        case CURRENT_USER -> WinReg.HKEY_CURRENT_USER;
      };
    }
  }
}
