package dev.tributary.spark;

import dev.tributary.graph.loss.MultiLoss;
import java.io.Serializable;

/**
 * Makes the multi-output objective of a {@link SparkTrainer} on each executor, e.g. {@code () ->
 * MultiLoss.of(LossTerm.of("out", new BCEWithLogitsLoss(), "closer"))}.
 */
@FunctionalInterface
public interface MultiLossFactory extends Serializable {
  /** Returns a new objective. */
  MultiLoss create();
}
