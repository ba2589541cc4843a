package dev.tributary.graph.train;

import dev.tributary.core.Rows;
import dev.tributary.core.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The mini-batches of a {@link Dataset}, gathered into buffers allocated once: one set for full
 * batches and one for the last, partial batch ({@code size % batchSize} rows, included rather than
 * dropped). Each buffer has its source's shape with the first axis set to the batch's row count
 * ({@code [rows, width]}, {@code [rows, channels, height, width]}, ...). {@link #shuffle} permutes
 * the row order in place (Fisher–Yates, seeded); {@link #get} copies the rows of batch {@code b} in
 * the current order into the buffers. Nothing is allocated after construction.
 */
public final class Batches {
  private final Dataset dataset;
  private final int batchSize;
  private final int count;
  private final int[] order;
  private final String[] featureNames;
  private final String[] targetNames;
  private final Tensor[] featureSources;
  private final Tensor[] targetSources;
  private final Batch full;
  private final Batch partial;
  private final Tensor[][] fullBuffers;
  private final Tensor[][] partialBuffers;

  Batches(Dataset dataset, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "batch size is " + batchSize + "; pass at least 1 (or dataset.size() for full batch)");
    }
    this.dataset = dataset;
    int n = dataset.size();
    this.batchSize = Math.min(batchSize, n);
    this.count = (n + this.batchSize - 1) / this.batchSize;
    this.order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    featureNames = dataset.features().keySet().toArray(new String[0]);
    targetNames = dataset.targets().keySet().toArray(new String[0]);
    featureSources = new Tensor[featureNames.length];
    targetSources = new Tensor[targetNames.length];
    for (int k = 0; k < featureNames.length; k++) {
      featureSources[k] = dataset.features().get(featureNames[k]);
    }
    for (int k = 0; k < targetNames.length; k++) {
      targetSources[k] = dataset.targets().get(targetNames[k]);
    }
    fullBuffers = new Tensor[2][];
    partialBuffers = new Tensor[2][];
    full = buffers(this.batchSize, fullBuffers);
    int rest = n % this.batchSize;
    partial = rest == 0 ? full : buffers(rest, partialBuffers);
  }

  private Batch buffers(int rows, Tensor[][] into) {
    Map<String, Tensor> features = new HashMap<>();
    Map<String, Tensor> targets = new HashMap<>();
    into[0] = new Tensor[featureNames.length];
    into[1] = new Tensor[targetNames.length];
    for (int k = 0; k < featureNames.length; k++) {
      into[0][k] = Tensor.zeros(withRows(featureSources[k], rows));
      features.put(featureNames[k], into[0][k]);
    }
    for (int k = 0; k < targetNames.length; k++) {
      into[1][k] = Tensor.zeros(withRows(targetSources[k], rows));
      targets.put(targetNames[k], into[1][k]);
    }
    return new Batch(features, targets, rows, order);
  }

  /** The shape of {@code source} with its first axis (the rows) replaced by {@code rows}. */
  private static int[] withRows(Tensor source, int rows) {
    int[] shape = source.shape();
    shape[0] = rows;
    return shape;
  }

  /** Returns the dataset these batches come from. */
  public Dataset dataset() {
    return dataset;
  }

  /** Returns the number of batches, the last one possibly partial. */
  public int count() {
    return count;
  }

  /** Returns the size of a full batch (the requested size, capped at the dataset size). */
  public int batchSize() {
    return batchSize;
  }

  /** Randomly permutes the row order (Fisher–Yates with {@code rng}); allocates nothing. */
  public void shuffle(SplittableRandom rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Restores the dataset's own row order. */
  public void unshuffle() {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
  }

  /**
   * Gathers batch {@code b} (rows {@code [b·batchSize, …)} of the current order) into the reused
   * buffers and returns it.
   *
   * @throws IndexOutOfBoundsException if {@code b} is not in {@code [0, count())}
   */
  public Batch get(int b) {
    if (b < 0 || b >= count) {
      throw new IndexOutOfBoundsException("batch " + b + " of " + count);
    }
    boolean last = b == count - 1;
    Batch batch = last ? partial : full;
    Tensor[][] buffers = last && partial != full ? partialBuffers : fullBuffers;
    int start = b * batchSize;
    gather(featureSources, buffers[0], start);
    gather(targetSources, buffers[1], start);
    batch.setStart(start);
    return batch;
  }

  private void gather(Tensor[] sources, Tensor[] targets, int start) {
    for (int k = 0; k < sources.length; k++) {
      Rows.gather(sources[k], order, start, targets[k]);
    }
  }
}
