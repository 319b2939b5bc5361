package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Types on an X11 display with the XTest extension, through the system's libX11 and libXtst.
 *
 * <p>Each character becomes its keysym ({@link Keysyms}). If a key of the current layout gives that
 * keysym with no modifier or with Shift, that key is pressed. Otherwise a keycode the layout leaves
 * unused is borrowed: {@code XChangeKeyboardMapping} gives it the keysym on both levels, it is
 * pressed and released, and it keeps the keysym until input pauses ({@link #settle}), when every
 * borrowed keycode is given back its emptiness. Keeping it until the pause matters: an application
 * reads the mapping when it handles the key press, which may be after we have moved on, so a
 * mapping undone at once could turn the press into the wrong character. The clipboard is never
 * touched. The layout is read again before every character, so a customer who switches layouts
 * mid-session still gets the right characters.
 */
final class XTestTypist implements Typist {
  /** At most this many keycodes are borrowed at once; the least recently used is reused. */
  static final int MAX_BORROWED = 8;

  private static final int SHIFT_MASK = 1;
  private static final int LOCK_MASK = 2;
  private static final NativeLong NO_DELAY = new NativeLong(0);

  /** What jna-platform's X11 lacks: its XGetKeyboardMapping returns one keysym, not the table. */
  interface KeyboardMapping extends Library {
    KeyboardMapping INSTANCE = Native.load("X11", KeyboardMapping.class);

    Pointer XGetKeyboardMapping(
        X11.Display display, byte firstKeycode, int count, IntByReference keysymsPerKeycode);

    int XChangeKeyboardMapping(
        X11.Display display, int firstKeycode, int keysymsPerKeycode, NativeLong[] keysyms, int n);
  }

  private final X11 x11;
  private final X11.XTest xtest;
  private final KeyboardMapping mapping;
  private final X11.Display display;
  private final String name;
  private final int minKeycode;
  private final int maxKeycode;
  // Borrowed keycode → keysym it was given, least recently used first.
  private final Map<Integer, Long> borrowed = new LinkedHashMap<>(16, 0.75f, true);

  private XTestTypist(
      X11 x11, X11.XTest xtest, KeyboardMapping mapping, X11.Display display, String name) {
    this.x11 = x11;
    this.xtest = xtest;
    this.mapping = mapping;
    this.display = display;
    this.name = name;
    IntByReference min = new IntByReference();
    IntByReference max = new IntByReference();
    x11.XDisplayKeycodes(display, min, max);
    this.minKeycode = min.getValue();
    this.maxKeycode = max.getValue();
  }

  /**
   * Opens its own connection to a display.
   *
   * @param displayName e.g. {@code ":0"}
   * @return the typist
   * @throws IllegalStateException if the display cannot be opened or lacks XTest
   * @throws LinkageError if libX11 or libXtst is not installed
   */
  static XTestTypist open(String displayName) {
    requireNonNull(displayName, "displayName");
    X11 x11 = X11.INSTANCE;
    X11.XTest xtest = X11.XTest.INSTANCE;
    X11.Display display = x11.XOpenDisplay(displayName);
    if (display == null) {
      throw new IllegalStateException("cannot open display " + displayName);
    }
    IntByReference unused = new IntByReference();
    if (!xtest.XTestQueryExtension(display, unused, unused, unused, unused)) {
      x11.XCloseDisplay(display);
      throw new IllegalStateException("display " + displayName + " has no XTest extension");
    }
    return new XTestTypist(x11, xtest, KeyboardMapping.INSTANCE, display, displayName);
  }

  @Override
  public synchronized void type(int codePoint) {
    long keysym = Keysyms.of(codePoint);
    if (keysym == Keysyms.NO_SYMBOL) {
      return;
    }
    KeyMap map = readMap();
    Optional<KeyMap.Stroke> own = map.find(codePoint);
    Optional<Integer> shift = map.keycodeOf(Keysyms.SHIFT_L);
    // With Shift or Caps Lock already down, the layout's keys give other characters; a borrowed
    // key gives the same keysym on both levels.
    boolean modifiersClear = (modifiers() & (SHIFT_MASK | LOCK_MASK)) == 0;
    if (own.isPresent() && modifiersClear && (!own.get().shift() || shift.isPresent())) {
      press(own.get().keycode(), own.get().shift() ? shift.get() : 0);
    } else {
      press(borrow(keysym, map), 0);
    }
  }

  private void press(int keycode, int shiftKeycode) {
    if (shiftKeycode != 0) {
      xtest.XTestFakeKeyEvent(display, shiftKeycode, true, NO_DELAY);
    }
    xtest.XTestFakeKeyEvent(display, keycode, true, NO_DELAY);
    xtest.XTestFakeKeyEvent(display, keycode, false, NO_DELAY);
    if (shiftKeycode != 0) {
      xtest.XTestFakeKeyEvent(display, shiftKeycode, false, NO_DELAY);
    }
    x11.XSync(display, false);
  }

  private int borrow(long keysym, KeyMap map) {
    int keycode = -1;
    for (Map.Entry<Integer, Long> entry : borrowed.entrySet()) {
      if (entry.getValue() == keysym && map.keysym(entry.getKey(), 0) == keysym) {
        keycode = entry.getKey();
        break;
      }
    }
    if (keycode >= 0) {
      borrowed.get(keycode); // now the most recently used
      return keycode;
    }
    if (borrowed.size() < MAX_BORROWED) {
      for (int candidate : map.unusedKeycodes()) {
        if (!borrowed.containsKey(candidate)) {
          keycode = candidate;
          break;
        }
      }
    }
    if (keycode < 0) {
      Iterator<Integer> eldest = borrowed.keySet().iterator();
      if (!eldest.hasNext()) {
        throw new IllegalStateException("no unused keycode to type with on " + name);
      }
      keycode = eldest.next();
    }
    remap(keycode, keysym);
    borrowed.put(keycode, keysym);
    return keycode;
  }

  private void remap(int keycode, long keysym) {
    NativeLong[] keysyms = {new NativeLong(keysym), new NativeLong(keysym)};
    mapping.XChangeKeyboardMapping(display, keycode, keysyms.length, keysyms, 1);
    x11.XSync(display, false);
  }

  @Override
  public synchronized void settle() {
    for (int keycode : borrowed.keySet()) {
      remap(keycode, Keysyms.NO_SYMBOL);
    }
    borrowed.clear();
  }

  /**
   * The display's current keyboard mapping.
   *
   * @return the mapping
   */
  synchronized KeyMap readMap() {
    int count = maxKeycode - minKeycode + 1;
    IntByReference per = new IntByReference();
    Pointer table = mapping.XGetKeyboardMapping(display, (byte) minKeycode, count, per);
    if (table == null) {
      throw new IllegalStateException("cannot read the keyboard mapping of " + name);
    }
    try {
      long[] keysyms = new long[count * per.getValue()];
      for (int i = 0; i < keysyms.length; i++) {
        keysyms[i] = table.getNativeLong((long) i * NativeLong.SIZE).longValue();
      }
      return new KeyMap(minKeycode, per.getValue(), keysyms);
    } finally {
      x11.XFree(table);
    }
  }

  private int modifiers() {
    IntByReference mask = new IntByReference();
    IntByReference unused = new IntByReference();
    x11.XQueryPointer(
        display,
        x11.XDefaultRootWindow(display),
        new X11.WindowByReference(),
        new X11.WindowByReference(),
        unused,
        unused,
        unused,
        unused,
        mask);
    return mask.getValue();
  }

  @Override
  public String describe() {
    return "XTest " + name;
  }

  @Override
  public synchronized void close() {
    settle();
    x11.XCloseDisplay(display);
  }
}
