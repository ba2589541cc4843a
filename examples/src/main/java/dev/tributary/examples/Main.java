package dev.tributary.examples;

import dev.tributary.examples.cli.CheckCommand;
import dev.tributary.examples.cli.DescribeCommand;
import dev.tributary.examples.cli.ExportCommand;
import dev.tributary.examples.cli.PredictCommand;
import dev.tributary.examples.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tributary} command line: one subcommand per job. Run {@code ./tributary --help} from
 * the repository root for the list.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    version = "tributary 0.1.0",
    description =
        "Graph-based mini deep-learning framework: train, inspect and benchmark networks.",
    subcommands = {
      RunCommand.class,
      PredictCommand.class,
      DescribeCommand.class,
      CheckCommand.class,
      ExportCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      cli.getErr()
          .println(
              "tributary: out of memory ("
                  + e.getMessage()
                  + "); the network or the data is too large for the Java heap of "
                  + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                  + " MB: raise it, e.g. TRIBUTARY_JAVA_OPTS=-Xmx8g ./tributary ...");
      return 1;
    }
  }

  /**
   * Returns the configured command line: bad arguments and failures print one line naming the
   * problem (exit status 2 and 1), never a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    ExperimentCommands.addTo(cli);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr()
              .printf(
                  "%s: %s (see '%s --help')%n",
                  cmd.getCommandName(), e.getMessage(), cmd.getCommandSpec().qualifiedName());
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          String message =
              e instanceof java.nio.file.NoSuchFileException
                  ? "no such file: " + e.getMessage()
                  : e instanceof java.nio.file.AccessDeniedException
                      ? "permission denied: " + e.getMessage()
                      : e.getMessage() == null ? e.toString() : e.getMessage();
          cmd.getErr().printf("%s: %s%n", cmd.getCommandName(), message);
          if (Boolean.getBoolean("tributary.trace")) {
            e.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
