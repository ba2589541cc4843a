package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.NonFiniteException;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.Trainer;
import java.util.Map;

/**
 * Finds what went non-finite in a failed synchronous step: the batch is collected to the driver and
 * replayed as one single-machine {@link Trainer} step, whose {@link NonFiniteException} names the
 * first non-finite node (or input row, or parameter). Only runs on the error path.
 */
final class Replay {
  private Replay() {}

  /**
   * Returns the exception to throw for the failed step {@code step} of epoch {@code epoch}: the
   * replay's {@link NonFiniteException}, or an {@link ArithmeticException} if the replayed step
   * stayed finite (the shares were finite, only their sum overflowed).
   */
  static RuntimeException diagnose(
      Network network,
      MultiLoss objective,
      Optimizer optimizer,
      NonFiniteGuard guard,
      Map<String, Tensor>[] batch,
      int epoch,
      int step) {
    Trainer trainer =
        Trainer.builder(network, objective, optimizer)
            .guard(guard == NonFiniteGuard.OFF ? NonFiniteGuard.RESTORE : guard)
            .build();
    try {
      trainer.step(batch[0], batch[1]);
    } catch (NonFiniteException e) {
      System.err.printf(
          "SparkTrainer: epoch %d, step %d went non-finite; the step replayed on the driver"
              + " says: %s%n",
          epoch, step, e.getMessage());
      return e;
    }
    return new ArithmeticException(
        String.format(
            "SparkTrainer: epoch %d, step %d: the summed gradient went non-finite although every"
                + " partition's share was finite; lower the learning rate or the batch size",
            epoch, step));
  }
}
