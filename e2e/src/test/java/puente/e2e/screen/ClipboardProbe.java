package puente.e2e.screen;

import java.awt.Toolkit;
import java.awt.datatransfer.Clipboard;
import java.awt.datatransfer.DataFlavor;

/**
 * Prints what the X clipboard holds on the display in {@code DISPLAY}: {@code clipboard=<text>}, or
 * {@code clipboard-empty} when nobody owns it.
 */
public final class ClipboardProbe {
  private ClipboardProbe() {}

  /**
   * Prints the clipboard.
   *
   * @param args none
   */
  public static void main(String[] args) throws Exception {
    Clipboard clipboard = Toolkit.getDefaultToolkit().getSystemClipboard();
    if (clipboard.isDataFlavorAvailable(DataFlavor.stringFlavor)) {
      System.out.println("clipboard=" + clipboard.getData(DataFlavor.stringFlavor));
    } else {
      System.out.println("clipboard-empty");
    }
    System.exit(0);
  }
}
