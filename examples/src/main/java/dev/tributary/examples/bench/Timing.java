package dev.tributary.examples.bench;

import java.util.Arrays;

/** Median-of-repetitions timing of an action, after a warm-up, with no allocation per call. */
final class Timing {
  private Timing() {}

  /** Something to time: one call of the operation under test. */
  interface Action {
    void call();
  }

  /**
   * Returns the median time of one call, in seconds. Each repetition times a batch of {@code calls}
   * calls; the warm-up runs the action for at least {@code warmupNanos} (and at least three
   * batches) first, so the JIT has compiled the kernels.
   */
  static double medianSeconds(Action action, int calls, int repetitions, long warmupNanos) {
    long warmEnd = System.nanoTime() + warmupNanos;
    for (int batch = 0; batch < 3 || System.nanoTime() < warmEnd; batch++) {
      for (int i = 0; i < calls; i++) {
        action.call();
      }
    }
    double[] samples = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        action.call();
      }
      samples[r] = (System.nanoTime() - t0) / 1e9 / calls;
    }
    return median(samples);
  }

  /** The median of the values (the upper one of an even count); the array is not changed. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Returns how many calls make a batch of about 40 MFLOP (under a millisecond) for this size. */
  static int callsPerBatch(double flops) {
    return (int) Math.max(1, Math.min(100_000, 4e7 / flops));
  }
}
