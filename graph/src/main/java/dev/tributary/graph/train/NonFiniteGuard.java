package dev.tributary.graph.train;

/** What a {@link Trainer} does about NaN and infinities. */
public enum NonFiniteGuard {
  /**
   * Stops with a {@link NonFiniteException} when the loss, a gradient or an updated parameter is
   * not finite, and puts back everything the failed step changed: the parameter values, the
   * optimizer's state tensors (momentum buffers, Adam's moments) and its counters (the step count
   * that drives Adam's bias correction). The trainer copies them before each update (one array copy
   * per tensor, into buffers allocated once), so after catching the exception a caller can go on
   * training bitwise as if the bad step had been skipped (the default).
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
