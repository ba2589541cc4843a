package dev.tributary.examples;

import dev.tributary.examples.experiments.DigitPairsExperiment;
import dev.tributary.examples.experiments.Report000;
import dev.tributary.examples.experiments.Report001;
import dev.tributary.examples.experiments.Report002;
import dev.tributary.examples.experiments.Report003;
import dev.tributary.examples.experiments.Report004;
import dev.tributary.examples.experiments.Siamese;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
    cli.addSubcommand(
        "experiment", new CommandLine(new Group()).addSubcommand(new DigitPairsExperiment()));
  }

  /** {@code tributary experiment <name>}: the issue experiments, e.g. {@code digit-pairs}. */
  @Command(
      name = "experiment",
      mixinStandardHelpOptions = true,
      description = "Runs an experiment: digit-pairs.")
  static final class Group implements Runnable {
    @Spec CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
