package dev.tributary.examples.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --seed} option, declared once and mixed into every command that draws random numbers
 * ({@code run}, {@code check}, {@code export}) with {@code @Mixin}. A command picks its own default
 * by initialising the mixin field, e.g. {@code @Mixin SeedOption seed = new SeedOption(0);}; the
 * help shows it.
 */
public final class SeedOption {
  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description =
          "Seed of everything random the command does: weights, data, splits, shuffling, dropout"
              + " (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The default seed, 1. */
  public SeedOption() {
    this(1);
  }

  /** A seed option whose default is {@code initial}. */
  SeedOption(long initial) {
    this.seed = initial;
  }

  /** Returns the seed given, or the command's default. */
  long get() {
    return seed;
  }
}
