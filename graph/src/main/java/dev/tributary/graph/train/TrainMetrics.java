package dev.tributary.graph.train;

/** How a {@link Trainer} measures the training loss and error rate of an epoch. */
public enum TrainMetrics {
  /**
   * From the mini-batches as they are trained on, before each update (free; the default, as Keras
   * reports): the mean of the batch losses weighted by batch size, and the errors of those forward
   * passes.
   */
  RUNNING,
  /**
   * From a separate pass over the whole training set after the epoch (exact for the epoch's final
   * parameters; costs a forward pass over the data).
   */
  FULL_PASS
}
