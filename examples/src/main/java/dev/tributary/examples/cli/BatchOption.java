package dev.tributary.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --batch} option, declared once and mixed with {@code @Mixin} into every command that
 * runs its network on batches of rows. Each command states its own default by initialising the
 * field, e.g. {@code @Mixin BatchOption batch = new BatchOption(50);}, and its help shows it
 * (picocli takes an option's default from the field's initial value when the annotation gives
 * none).
 */
public final class BatchOption {
  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Batch size: rows per forward and backward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  /**
   * An option whose default is {@code initial}.
   *
   * @throws IllegalArgumentException if {@code initial} is below 1
   */
  public BatchOption(int initial) {
    if (initial < 1) {
      throw new IllegalArgumentException("default batch size must be at least 1, got " + initial);
    }
    this.batch = initial;
  }

  /** Returns the batch size given, or the command's default. */
  public int get() {
    return batch;
  }

  /**
   * Returns the batch size, checked.
   *
   * @param command the command the option was given to, named in the error
   * @throws ParameterException (picocli's exit status 2) if a batch below 1 was given
   */
  public int checked(CommandSpec command) {
    String problem = problem();
    if (problem != null) {
      throw new ParameterException(command.commandLine(), problem);
    }
    return batch;
  }

  /** Returns what is wrong with the value given, or null. */
  String problem() {
    return batch < 1 ? "--batch must be at least 1, got " + batch : null;
  }

  /** Replaces the value (a graph file's training section, when the command line gave none). */
  void set(int value) {
    batch = value;
  }
}
