package dev.tributary.graph.train;

/** What a {@link Trainer} does about NaN and infinities. */
public enum NonFiniteGuard {
  /**
   * Stops with a {@link NonFiniteException} when the loss, a gradient or an updated parameter is
   * not finite, and puts back the values the failed update overwrote, so the parameters keep their
   * last finite values (the default). The update itself keeps those values as it writes the new
   * ones ({@link dev.tributary.graph.optim.Optimizer#keepPreviousValues}): one more array written
   * per parameter, no pass of its own.
   */
  RESTORE,
  /**
   * Stops with a {@link NonFiniteException} like {@link #RESTORE}, checking the gradients before
   * the update instead of copying the parameters; an update that overflows finite values is
   * reported but not undone.
   */
  CHECK,
  /** No checks: training continues on NaN (for benchmarks). */
  OFF
}
