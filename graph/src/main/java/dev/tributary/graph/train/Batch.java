package dev.tributary.graph.train;

import dev.tributary.core.Tensor;
import java.util.Map;

/**
 * One mini-batch: the gathered features and targets by name, and which dataset rows they came from.
 * A batch is a reused view: {@link Batches#get} overwrites it, so read it before asking for the
 * next one.
 */
public final class Batch {
  private final Map<String, Tensor> features;
  private final Map<String, Tensor> targets;
  private final int size;
  private final int[] order;
  private int start;

  Batch(Map<String, Tensor> features, Map<String, Tensor> targets, int size, int[] order) {
    this.features = features;
    this.targets = targets;
    this.size = size;
    this.order = order;
  }

  void setStart(int start) {
    this.start = start;
  }

  /**
   * Returns the features by name, each {@code [size, …]}: the dataset tensor's shape with {@code
   * size} rows.
   */
  public Map<String, Tensor> features() {
    return features;
  }

  /**
   * Returns the targets by name, each {@code [size, …]}: the dataset tensor's shape with {@code
   * size} rows.
   */
  public Map<String, Tensor> targets() {
    return targets;
  }

  /** Returns the number of rows. */
  public int size() {
    return size;
  }

  /**
   * Returns the dataset row that became row {@code i} of this batch.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
   */
  public int datasetRow(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("row " + i + " of a batch of " + size);
    }
    return order[start + i];
  }
}
