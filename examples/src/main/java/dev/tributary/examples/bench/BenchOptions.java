package dev.tributary.examples.bench;

import java.io.PrintStream;

/**
 * What every benchmark section is told: how thorough to be, whether to run the numpy reference, and
 * where to print.
 *
 * @param quick fewer repetitions and shorter warm-ups (a smoke run, noisier figures)
 * @param numpy whether to time numpy on the same sizes when python3 with numpy is on the PATH
 * @param out where the report goes
 */
public record BenchOptions(boolean quick, boolean numpy, PrintStream out) {
  /** Returns the number of timed repetitions per figure (the median of these is reported). */
  public int repetitions() {
    return quick ? 5 : 15;
  }

  /**
   * Returns how many times each size is measured, ours and numpy's alternately; the figure reported
   * is the median of these rounds (each itself a median of {@link #repetitions()}).
   */
  public int rounds() {
    return quick ? 1 : 3;
  }

  /** Returns the minimum warm-up time per figure, in nanoseconds. */
  public long warmupNanos() {
    return quick ? 100_000_000L : 400_000_000L;
  }
}
