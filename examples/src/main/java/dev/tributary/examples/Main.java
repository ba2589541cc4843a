package dev.tributary.examples;

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
    subcommands = {BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    ExperimentCommands.addTo(cli);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
