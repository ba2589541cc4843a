package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Holds out a test set from one dataset: the last rows in file order, or a seeded shuffle of the
 * rows, stratified by class for classification (each class keeps its share in both sets).
 */
final class Splits {
  private Splits() {}

  /** How the held-out rows are chosen. */
  enum Order {
    /** A seeded random sample (stratified by class for classification), the default. */
    SHUFFLED,
    /** The last rows of the file. */
    ORDERED
  }

  /**
   * Returns {@code {train rows, test rows}}, each in file order.
   *
   * @param classes one class key per row for a stratified split, or null
   * @throws IllegalArgumentException if either set would be empty
   */
  static int[][] split(int n, double fraction, Order order, int[] classes, long seed) {
    int test = (int) Math.round(n * fraction);
    if (test < 1 || test >= n) {
      throw new IllegalArgumentException(
          String.format(
              "--test-fraction %s of %d rows holds out %d; both sets need at least one row (use"
                  + " more rows, another fraction or --test-data)",
              fraction, n, test));
    }
    if (order == Order.ORDERED) {
      return new int[][] {range(0, n - test), range(n - test, n)};
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> held = new ArrayList<>();
    if (classes == null) {
      int[] all = range(0, n);
      shuffle(all, rng);
      for (int i = 0; i < test; i++) {
        held.add(all[i]);
      }
    } else {
      Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        groups.computeIfAbsent(classes[i], k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> g : groups.values()) {
        int[] rows = g.stream().mapToInt(Integer::intValue).toArray();
        shuffle(rows, rng);
        int take = (int) Math.round(rows.length * fraction);
        for (int i = 0; i < take; i++) {
          held.add(rows[i]);
        }
      }
      if (held.isEmpty() || held.size() == n) {
        return split(n, fraction, order, null, seed);
      }
    }
    boolean[] isTest = new boolean[n];
    for (int i : held) {
      isTest[i] = true;
    }
    int[] testRows = new int[held.size()];
    int[] trainRows = new int[n - held.size()];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (isTest[i]) {
        testRows[b++] = i;
      } else {
        trainRows[a++] = i;
      }
    }
    return new int[][] {trainRows, testRows};
  }

  /** Returns one class key per row: the value of a one-column target, else the argmax column. */
  static int[] classKeys(Tensor target) {
    int rows = target.dim(0);
    int cols = target.size() / Math.max(1, rows);
    float[] d = target.data();
    int[] keys = new int[rows];
    for (int r = 0; r < rows; r++) {
      if (cols == 1) {
        keys[r] = Float.floatToIntBits(d[r]);
      } else {
        int best = 0;
        for (int c = 1; c < cols; c++) {
          if (d[r * cols + c] > d[r * cols + best]) {
            best = c;
          }
        }
        keys[r] = best;
      }
    }
    return keys;
  }

  /** Returns the rows {@code rows} of every tensor of {@code data}, in that order. */
  static Dataset rows(Dataset data, int[] rows) {
    Map<String, Tensor> features = new LinkedHashMap<>();
    data.features().forEach((k, v) -> features.put(k, gather(v, rows)));
    Map<String, Tensor> targets = new LinkedHashMap<>();
    data.targets().forEach((k, v) -> targets.put(k, gather(v, rows)));
    return Dataset.of(features, targets);
  }

  /** Returns a copy of {@code t} whose features are replaced by {@code x} (same name). */
  static Dataset withFeatures(Dataset data, Tensor x) {
    String name = data.features().keySet().iterator().next();
    return Dataset.of(Map.of(name, x), data.targets());
  }

  private static Tensor gather(Tensor t, int[] rows) {
    int cols = t.size() / Math.max(1, t.dim(0));
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(t.data(), rows[i] * cols, out, i * cols, cols);
    }
    int[] shape = Arrays.copyOf(t.shape(), t.rank());
    shape[0] = rows.length;
    return Tensor.of(out, shape);
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
