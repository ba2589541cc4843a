package dev.tributary.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of per-partition vectors whose rounding does not depend on the order Spark delivers them:
 * the partitions are the leaves of a fixed binary tree (leaf {@code p} is partition {@code p}), and
 * two sums are added only when they are the two children of a node, left plus right. Whatever shape
 * {@code treeAggregate} gives the combination and whatever order tasks finish in, the same
 * additions happen in the same order, so a re-run with the same partitioning is bitwise equal.
 *
 * <p>Values are doubles: gradients are summed in double and rounded to float once, on the driver.
 */
final class CanonicalSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int length;

  /** Complete subtrees by key {@code level << 32 | index}, where leaf p is (0, p). */
  private final TreeMap<Long, double[]> nodes = new TreeMap<>();

  CanonicalSum(int length) {
    this.length = length;
  }

  /** Returns the vector length. */
  int length() {
    return length;
  }

  /**
   * Adds partition {@code partition}'s vector (taken, not copied).
   *
   * @throws IllegalStateException if that partition was already added (a retried task's result is
   *     only delivered once by Spark, so this is a bug)
   */
  CanonicalSum addLeaf(int partition, double[] values) {
    if (values.length != length) {
      throw new IllegalArgumentException(
          "partition "
              + partition
              + ": vector of "
              + values.length
              + " values, expected "
              + length);
    }
    insert(0, partition, values);
    return this;
  }

  /** Merges {@code other} into this sum and returns this. */
  CanonicalSum merge(CanonicalSum other) {
    if (other == this) {
      throw new IllegalArgumentException("a canonical sum cannot be merged with itself");
    }
    for (Map.Entry<Long, double[]> e : other.nodes.entrySet()) {
      long key = e.getKey();
      insert((int) (key >>> 32), (int) key, e.getValue());
    }
    other.nodes.clear();
    return this;
  }

  private void insert(int level, int index, double[] values) {
    int lvl = level;
    int idx = index;
    double[] v = values;
    while (true) {
      long key = key(lvl, idx);
      if (nodes.containsKey(key)) {
        throw new IllegalStateException("partition sum (" + lvl + ", " + idx + ") added twice");
      }
      double[] sibling = nodes.remove(key(lvl, idx ^ 1));
      if (sibling == null) {
        nodes.put(key, v);
        return;
      }
      double[] left = (idx & 1) == 0 ? v : sibling;
      double[] right = left == v ? sibling : v;
      for (int i = 0; i < length; i++) {
        left[i] += right[i];
      }
      v = left;
      idx >>= 1;
      lvl++;
    }
  }

  /** Returns the first leaf under node {@code key}: {@code index · 2^level}. */
  private static long firstLeaf(long key) {
    return (key & 0xffffffffL) << (int) (key >>> 32);
  }

  private static long key(int level, int index) {
    return ((long) level << 32) | (index & 0xffffffffL);
  }

  /**
   * Returns the total: the remaining subtrees added from the leftmost leaf to the rightmost (for a
   * given number of partitions that set is always the same).
   */
  double[] total() {
    double[] out = new double[length];
    nodes.entrySet().stream()
        .sorted((a, b) -> Long.compare(firstLeaf(a.getKey()), firstLeaf(b.getKey())))
        .forEach(
            e -> {
              double[] v = e.getValue();
              for (int i = 0; i < length; i++) {
                out[i] += v[i];
              }
            });
    return out;
  }
}
