package dev.tributary.spark;

import dev.tributary.graph.Parameter;
import dev.tributary.graph.train.BatchOrder;
import dev.tributary.graph.train.NonFiniteGuard;

/**
 * Local SGD: each round, every partition takes {@code localSteps} steps of its own rows from the
 * broadcast parameters, and the driver sets its parameters to their average weighted by the rows
 * each partition trained on. One job per round instead of one per step.
 */
final class LocalRounds implements EpochLoop.Mode {
  private final EpochLoop loop;

  LocalRounds(EpochLoop loop) {
    this.loop = loop;
  }

  @Override
  public void epoch(int epoch) {
    int batchSize = loop.options.batchSize();
    int localSteps = loop.b.localSteps;
    int localBatches = (loop.largest + batchSize - 1) / batchSize;
    int rounds = (localBatches + localSteps - 1) / localSteps;
    boolean shuffle = loop.options.order() == BatchOrder.SHUFFLED;
    for (int r = 0; r < rounds; r++) {
      int first = r * localSteps;
      int last = Math.min(localBatches, first + localSteps);
      float lr = loop.optimizer.learningRate();
      double[] total =
          loop.withParameters(
              bp ->
                  Jobs.localRound(
                      loop.blocks,
                      loop.config,
                      loop.length,
                      bp,
                      shuffle,
                      epoch,
                      first,
                      last,
                      lr,
                      loop.b.treeDepth));
      loop.stats(total);
      average(total);
      if (loop.options.guard() != NonFiniteGuard.OFF
          && !Double.isFinite(total[loop.parameterCount])) {
        throw new ArithmeticException(
            String.format(
                "SparkTrainer (local SGD): epoch %d, round %d: the loss went non-finite (NaN or"
                    + " infinity); lower the learning rate or check the inputs' scale",
                epoch, r + 1));
      }
    }
  }

  /** Sets the driver's parameters to the row-weighted sum of the partitions' over their rows. */
  private void average(double[] total) {
    double rows = total[loop.parameterCount + 1];
    int off = 0;
    for (Parameter p : loop.params) {
      float[] v = p.value().data();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (total[off + i] / rows);
      }
      off += v.length;
    }
  }
}
