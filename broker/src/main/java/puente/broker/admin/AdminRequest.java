package puente.broker.admin;

import java.nio.file.Path;
import java.util.List;

/**
 * An operator's command line as its process hands it to the running broker.
 *
 * @param args the command line, as typed
 * @param cwd the folder it was typed in, against which relative file names resolve
 * @param databaseUrl the database the command's configuration names (the broker refuses another)
 * @param password what the process read for a password prompt, or null; never logged
 */
public record AdminRequest(List<String> args, Path cwd, String databaseUrl, char[] password) {}
