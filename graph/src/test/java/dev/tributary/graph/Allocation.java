package dev.tributary.graph;

import dev.tributary.core.AllocationMeter;

/**
 * The allocation rule for graph's "allocates nothing" tests ({@link AllocationMeter}'s): a fixed
 * warm-up decided in advance, then a fixed number of windows on every thread that does the work
 * (the caller and the pool's helpers), all windows summed; the claim holds only at exactly 0.
 */
public final class Allocation {
  /**
   * Warm-up steps before measuring: long enough for C2 to finish compiling a whole training step in
   * a fresh JVM on a loaded 2-core machine (3 000 were not: 1 056–1 312 bytes per 2 000 steps in
   * one run of three).
   */
  public static final int WARM_UP_STEPS = 20_000;

  /** Measured windows. */
  public static final int WINDOWS = 20;

  /** Steps per measured window. */
  public static final int STEPS_PER_WINDOW = 100;

  private Allocation() {}

  /**
   * Runs {@code step} {@code warmUpSteps} times, then {@code windows} windows of {@code
   * stepsPerWindow} steps under a meter of every working thread; returns the meter, whose {@link
   * AllocationMeter#total()} is the claim to check and {@link AllocationMeter#summary()} the
   * message.
   */
  public static AllocationMeter steadyState(
      Runnable step, int warmUpSteps, int windows, int stepsPerWindow) {
    for (int i = 0; i < warmUpSteps; i++) {
      step.run();
    }
    AllocationMeter meter = AllocationMeter.ofWorkers();
    for (int w = 0; w < windows; w++) {
      meter.start();
      for (int i = 0; i < stepsPerWindow; i++) {
        step.run();
      }
      meter.stop();
    }
    return meter;
  }

  /** {@link #steadyState(Runnable, int, int, int)} with the defaults above. */
  public static AllocationMeter steadyState(Runnable step) {
    return steadyState(step, WARM_UP_STEPS, WINDOWS, STEPS_PER_WINDOW);
  }
}
