package dev.tributary.spark;

import dev.tributary.graph.loss.Loss;
import java.io.Serializable;

/**
 * Makes the loss of a {@link SparkTrainer} on each executor: losses hold per-batch buffers and are
 * not shipped, so the trainer ships this recipe instead, e.g. {@code MSELoss::new}.
 */
@FunctionalInterface
public interface LossFactory extends Serializable {
  /** Returns a new loss. */
  Loss create();
}
