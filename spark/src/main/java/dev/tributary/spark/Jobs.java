package dev.tributary.spark;

import dev.tributary.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The Spark jobs of training, each one {@code treeAggregate} over the cached blocks with a {@link
 * CanonicalSum}: a synchronous step's gradient, a local-SGD round's parameters, an evaluation. The
 * functions capture only serializable values (the task config, broadcasts and a few numbers).
 */
final class Jobs {
  private Jobs() {}

  /**
   * Returns the gradient of the global batch of ranks {@code [from, to)} of epoch {@code epoch}
   * (plus the statistics), the parameters taken from {@code params}.
   */
  static double[] gradient(
      JavaRDD<Block> blocks,
      TaskConfig config,
      int length,
      Broadcast<float[]> params,
      Broadcast<int[]> ranks,
      int epoch,
      int from,
      int to,
      int depth) {
    CanonicalSum sum =
        blocks.treeAggregate(
            new CanonicalSum(length),
            (acc, block) -> {
              int p = TaskContext.getPartitionId();
              Workers.Run run = Workers.run(config);
              Workers.EpochOrder o =
                  run.order(p, epoch, e -> Workers.EpochOrder.global(e, block, ranks.value()));
              Worker w = run.borrow();
              try {
                w.load(params.value());
                return acc.addLeaf(
                    p, w.gradient(block, o.order, o.lowerBound(from), o.lowerBound(to), to - from));
              } finally {
                run.release(w);
              }
            },
            CanonicalSum::merge,
            depth);
    return sum.total();
  }

  /**
   * Returns the row-weighted sum of the partitions' parameters after local steps {@code [first,
   * last)} of epoch {@code epoch} (plus the statistics).
   */
  static double[] localRound(
      JavaRDD<Block> blocks,
      TaskConfig config,
      int length,
      Broadcast<float[]> params,
      boolean shuffle,
      int epoch,
      int first,
      int last,
      float lr,
      int depth) {
    CanonicalSum sum =
        blocks.treeAggregate(
            new CanonicalSum(length),
            (acc, block) -> {
              int p = TaskContext.getPartitionId();
              Workers.Run run = Workers.run(config);
              Workers.EpochOrder o =
                  run.order(
                      p,
                      epoch,
                      e -> Workers.EpochOrder.local(e, p, config.seed, block.size(), shuffle));
              Worker w = run.borrow();
              try {
                w.load(params.value());
                return acc.addLeaf(
                    p, w.localSteps(block, o.order, first, last, config.batchSize, lr));
              } finally {
                run.release(w);
              }
            },
            CanonicalSum::merge,
            depth);
    return sum.total();
  }

  /** Returns loss × rows, rows, wrong decisions and decisions over all blocks. */
  static double[] evaluate(
      JavaRDD<Block> blocks, TaskConfig config, Broadcast<float[]> params, int depth) {
    CanonicalSum sum =
        blocks.treeAggregate(
            new CanonicalSum(Worker.STATS),
            (acc, block) -> {
              Workers.Run run = Workers.run(config);
              Worker w = run.borrow();
              try {
                w.load(params.value());
                return acc.addLeaf(TaskContext.getPartitionId(), w.evaluate(block));
              } finally {
                run.release(w);
              }
            },
            CanonicalSum::merge,
            depth);
    return sum.total();
  }

  /**
   * Collects the rows of ranks {@code [from, to)} to the driver in rank order, as feature and
   * target tensors by name (for diagnosing a failed step; allocates freely).
   */
  static Map<String, Tensor>[] batch(
      JavaRDD<Block> blocks, Broadcast<int[]> ranks, int from, int to) {
    List<Tuple2<Integer, float[][]>> rows =
        blocks
            .flatMap(
                block -> {
                  List<Tuple2<Integer, float[][]>> out = new ArrayList<>();
                  int[] rank = ranks.value();
                  int nf = block.features.length;
                  for (int i = 0; i < block.size(); i++) {
                    int r = rank[(int) block.rows[i]];
                    if (r >= from && r < to) {
                      float[][] v = new float[nf + block.targets.length][];
                      for (int k = 0; k < v.length; k++) {
                        float[] src = k < nf ? block.features[k] : block.targets[k - nf];
                        int w = k < nf ? block.featureWidths[k] : block.targetWidths[k - nf];
                        v[k] = java.util.Arrays.copyOfRange(src, i * w, (i + 1) * w);
                      }
                      out.add(new Tuple2<>(r, v));
                    }
                  }
                  return out.iterator();
                })
            .collect();
    Block first = blocks.first();
    List<Tuple2<Integer, float[][]>> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
    int n = sorted.size();
    int nf = first.features.length;
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Tensor>[] out = new Map[] {new LinkedHashMap<>(), new LinkedHashMap<>()};
    for (int k = 0; k < nf + first.targets.length; k++) {
      int w = k < nf ? first.featureWidths[k] : first.targetWidths[k - nf];
      float[] data = new float[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(sorted.get(i)._2()[k], 0, data, i * w, w);
      }
      if (k < nf) {
        out[0].put(first.featureNames[k], Tensor.of(data, n, w));
      } else {
        out[1].put(first.targetNames[k - nf], Tensor.of(data, n, w));
      }
    }
    return out;
  }
}
