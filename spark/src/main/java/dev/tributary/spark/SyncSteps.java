package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.BatchOrder;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.UndoBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous steps: each epoch shuffles the row order with the {@code Trainer}'s seeded
 * Fisher–Yates permutation and broadcasts every row's rank; each global batch is one job whose
 * gradient sum the driver's optimizer steps with, under the {@code Trainer}'s guard.
 */
final class SyncSteps implements EpochLoop.Mode {
  private final EpochLoop loop;
  private final int[] order;
  private final SplittableRandom rng;
  private final UndoBuffer undo;

  SyncSteps(EpochLoop loop) {
    this.loop = loop;
    this.order = new int[loop.n];
    for (int i = 0; i < loop.n; i++) {
      order[i] = i;
    }
    this.rng = new SplittableRandom(loop.options.seed());
    this.undo = new UndoBuffer(loop.optimizer);
  }

  @Override
  public void epoch(int epoch) {
    int n = loop.n;
    if (loop.options.order() == BatchOrder.SHUFFLED) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    int[] rankOfRow = new int[n];
    for (int i = 0; i < n; i++) {
      rankOfRow[order[i]] = i;
    }
    Broadcast<int[]> ranks = loop.jsc.broadcast(rankOfRow);
    try {
      int batch = Math.min(loop.options.batchSize(), n);
      int steps = (n + batch - 1) / batch;
      for (int s = 0; s < steps; s++) {
        int from = s * batch;
        int to = Math.min(n, from + batch);
        double[] total =
            loop.withParameters(
                bp ->
                    Jobs.gradient(
                        loop.blocks,
                        loop.config,
                        loop.length,
                        bp,
                        ranks,
                        epoch,
                        from,
                        to,
                        loop.b.treeDepth));
        update(total, ranks, from, to, epoch, s + 1);
      }
    } finally {
      ranks.destroy();
    }
  }

  private void update(
      double[] total, Broadcast<int[]> ranks, int from, int to, int epoch, int step) {
    loop.stats(total);
    int off = 0;
    boolean finiteGrad = true;
    for (Parameter p : loop.params) {
      float[] g = p.grad().data();
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) total[off + i];
        finiteGrad &= Float.isFinite(g[i]);
      }
      off += g.length;
    }
    NonFiniteGuard guard = loop.options.guard();
    boolean finiteLoss = Double.isFinite(total[loop.parameterCount]);
    if ((guard != NonFiniteGuard.OFF && !finiteLoss)
        || (guard == NonFiniteGuard.CHECK && !finiteGrad)) {
      throw replay(ranks, from, to, epoch, step);
    }
    Optimizer optimizer = loop.optimizer;
    boolean restore = guard == NonFiniteGuard.RESTORE;
    if (restore) {
      undo.save();
    }
    optimizer.step();
    if (guard != NonFiniteGuard.OFF && !optimizer.lastStepFinite()) {
      if (restore) {
        undo.restore(); // parameters and optimizer state, as Trainer's guard does
      }
      throw replay(ranks, from, to, epoch, step);
    }
  }

  /** Re-runs the failed batch with a single-machine Trainer step, which names the culprit. */
  private RuntimeException replay(Broadcast<int[]> ranks, int from, int to, int epoch, int step) {
    Map<String, Tensor>[] batch = Jobs.batch(loop.blocks, ranks, from, to);
    return Replay.diagnose(
        loop.network,
        loop.config.objective(),
        loop.optimizer,
        loop.options.guard(),
        batch,
        epoch,
        step);
  }
}
