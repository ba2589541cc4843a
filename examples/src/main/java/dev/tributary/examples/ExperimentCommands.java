package dev.tributary.examples;

import dev.tributary.examples.experiments.ActivationOptimizerExperiment;
import dev.tributary.examples.experiments.AdaptiveRateExperiment;
import dev.tributary.examples.experiments.DigitPairsExperiment;
import dev.tributary.examples.experiments.LinearVsDeepExperiment;
import dev.tributary.examples.experiments.MseVsMaeExperiment;
import dev.tributary.examples.experiments.SiameseAuxiliaryExperiment;
import dev.tributary.examples.experiments.TrainingCurvesExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Registers the seed experiments (the reports' studies) as subcommands of {@code tributary}. */
final class ExperimentCommands {
  private ExperimentCommands() {}

  /** Adds every experiment subcommand to {@code cli}. */
  static void addTo(CommandLine cli) {
    cli.addSubcommand(new AdaptiveRateExperiment());
    cli.addSubcommand(new LinearVsDeepExperiment());
    cli.addSubcommand(new ActivationOptimizerExperiment());
    cli.addSubcommand(new TrainingCurvesExperiment());
    cli.addSubcommand(new MseVsMaeExperiment());
    cli.addSubcommand(new SiameseAuxiliaryExperiment());
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
