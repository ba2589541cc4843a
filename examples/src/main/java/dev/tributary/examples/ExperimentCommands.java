package dev.tributary.examples;

import dev.tributary.examples.experiments.Report000;
import dev.tributary.examples.experiments.Report001;
import dev.tributary.examples.experiments.Report002;
import dev.tributary.examples.experiments.Report003;
import dev.tributary.examples.experiments.Report004;
import dev.tributary.examples.experiments.Siamese;
import picocli.CommandLine;

/** Registers the seed experiments (the reports' studies) as subcommands of {@code tributary}. */
final class ExperimentCommands {
  private ExperimentCommands() {}

  /** Adds every experiment subcommand to {@code cli}. */
  static void addTo(CommandLine cli) {
    cli.addSubcommand(new Report000());
    cli.addSubcommand(new Report001());
    cli.addSubcommand(new Report002());
    cli.addSubcommand(new Report003());
    cli.addSubcommand(new Report004());
    cli.addSubcommand(new Siamese());
  }
}
