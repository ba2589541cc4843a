package dev.tributary.examples;

import picocli.CommandLine;

/** Registers the seed experiments (the reports' studies) as subcommands of {@code tributary}. */
final class ExperimentCommands {
  private ExperimentCommands() {}

  /** Adds every experiment subcommand to {@code cli}. */
  static void addTo(CommandLine cli) {
    // Experiments are added here as they are written, e.g. cli.addSubcommand(new Report000());
  }
}
