package puente.client;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line explained in the user's language: one line saying what is wrong, then the
 * command's usage (already in that language), and the usage exit code. Picocli's own messages are
 * English only; an app's own {@link ParameterException}s carry their text as they are.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  private final Messages messages;

  /**
   * A handler for an app's command line.
   *
   * @param locale the language of the app's help, see {@link Locales#resolve}
   */
  public UsageErrors(Locale locale) {
    this.messages = Messages.shared(locale);
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine line = error.getCommandLine();
    PrintWriter err = line.getErr();
    err.println(describe(error, List.of(args)));
    line.usage(err, line.getColorScheme());
    return line.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The line that says what is wrong. */
  String describe(ParameterException error, List<String> args) {
    if (error instanceof UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      return first.startsWith("-")
          ? messages.text("usage.unknownOption", first)
          : messages.text("usage.unexpectedArgument", first);
    }
    if (error instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      if (arg instanceof OptionSpec option && typed(option, args)) {
        return messages.text("usage.missingValue", option.longestName());
      }
      return messages.text(
          "usage.missing",
          String.join(", ", missing.getMissing().stream().map(UsageErrors::name).toList()));
    }
    if (error instanceof OverwrittenOptionException repeated && repeated.getOverwritten() != null) {
      return messages.text("usage.repeated", name(repeated.getOverwritten()));
    }
    if (error.getArgSpec() != null && error.getValue() != null && error.getCause() != null) {
      return messages.text("usage.invalidValue", name(error.getArgSpec()), error.getValue());
    }
    return error.getMessage();
  }

  private static boolean typed(OptionSpec option, List<String> args) {
    return args.stream()
        .anyMatch(
            a -> Arrays.stream(option.names()).anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
  }

  private static String name(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      return option.longestName();
    }
    return ((PositionalParamSpec) arg).paramLabel();
  }
}
