package dev.tributary.graph.train;

/** Which weights a network keeps when early stopping ends a run. */
public enum AtStop {
  /** The weights of the epoch with the best monitored loss (the default). */
  RESTORE_BEST,
  /** The weights of the last epoch run. */
  KEEP_LAST
}
