package dev.tributary.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --epochs} option, declared once and mixed with {@code @Mixin} into every command that
 * trains for a number of epochs. Each command states its own default by initialising the field,
 * e.g. {@code @Mixin EpochsOption epochs = new EpochsOption(1000);}, and its help shows it (picocli
 * takes an option's default from the field's initial value when the annotation gives none).
 */
public final class EpochsOption {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Epochs: passes over the training rows (default: ${DEFAULT-VALUE}).")
  int epochs;

  /**
   * An option whose default is {@code initial}.
   *
   * @throws IllegalArgumentException if {@code initial} is below 1
   */
  public EpochsOption(int initial) {
    if (initial < 1) {
      throw new IllegalArgumentException("default epochs must be at least 1, got " + initial);
    }
    this.epochs = initial;
  }

  /** Returns the epochs given, or the command's default. */
  public int get() {
    return epochs;
  }

  /**
   * Returns the epochs, checked.
   *
   * @param command the command the option was given to, named in the error
   * @throws ParameterException (picocli's exit status 2) if fewer than 1 epoch was given
   */
  public int checked(CommandSpec command) {
    String problem = problem();
    if (problem != null) {
      throw new ParameterException(command.commandLine(), problem);
    }
    return epochs;
  }

  /** Returns what is wrong with the value given, or null. */
  String problem() {
    return epochs < 1 ? "--epochs must be at least 1, got " + epochs : null;
  }

  /** Replaces the value (a graph file's training section, when the command line gave none). */
  void set(int value) {
    epochs = value;
  }
}
