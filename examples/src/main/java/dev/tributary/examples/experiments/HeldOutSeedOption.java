package dev.tributary.examples.experiments;

import picocli.CommandLine.Option;

/**
 * The seed experiments' {@code --seed}, declared once and mixed into each subcommand with
 * {@code @Mixin}: the first round's seed (round {@code r} uses {@code seed + r}; a single-run study
 * uses it alone), by default the first seed no tuning saw ({@link
 * Experiments#FIRST_HELD_OUT_SEED}).
 */
final class HeldOutSeedOption {
  @Option(
      names = "--seed",
      description =
          "Seed of the first round (default ${DEFAULT-VALUE}; seeds 1–20 were used for tuning).")
  long seed = Experiments.FIRST_HELD_OUT_SEED;

  /** Returns the seed given, or the held-out default. */
  long get() {
    return seed;
  }
}
