package dev.tributary.graph.train;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An in-memory dataset: named feature tensors (one per network input) and named target tensors,
 * each with one row per sample along its first axis. A row is the rest of the shape: {@code [rows,
 * width]} for vectors, {@code [rows, channels, height, width]} for images, {@code [rows, 1]} for a
 * class index or a scalar target.
 *
 * <p>Single-input data uses the names {@value #FEATURES} and {@value #TARGETS}; a {@link Trainer}
 * feeds a lone feature tensor to a lone network input whatever their names. Multi-input networks
 * name each feature after its input node. {@link #renamed} shares the tensors; {@link #slice}
 * copies its rows.
 *
 * <p>Mini-batches come from {@link #batches(int)}: rows are gathered into buffers allocated once,
 * so iterating epochs allocates nothing.
 */
public final class Dataset {
  /** The feature name of single-input datasets. */
  public static final String FEATURES = "x";

  /** The target name of single-target datasets. */
  public static final String TARGETS = "y";

  private final ImmutableMap<String, Tensor> features;
  private final ImmutableMap<String, Tensor> targets;
  private final int size;

  private Dataset(Map<String, Tensor> features, Map<String, Tensor> targets) {
    if (features == null || features.isEmpty()) {
      throw new IllegalArgumentException("Dataset: pass at least one feature tensor");
    }
    if (targets == null) {
      throw new IllegalArgumentException("Dataset: targets are null; pass an empty map for none");
    }
    this.features = ImmutableMap.copyOf(features);
    this.targets = ImmutableMap.copyOf(targets);
    int rows = -1;
    String first = null;
    for (Map.Entry<String, Tensor> e : all()) {
      Tensor t = e.getValue();
      if (t == null || t.rank() < 2) {
        throw new IllegalArgumentException(
            "Dataset: `"
                + e.getKey()
                + "` must have one row per sample along its first axis ([rows, width] or [rows,"
                + " channels, height, width], ...), got "
                + (t == null ? "null" : Arrays.toString(t.shape()))
                + "; reshape a vector of n values to [n, 1]");
      }
      if (rows < 0) {
        rows = t.dim(0);
        first = e.getKey();
      } else if (t.dim(0) != rows) {
        throw new IllegalArgumentException(
            String.format(
                "Dataset: `%s` has %d rows but `%s` has %d; every tensor needs one row per sample",
                e.getKey(), t.dim(0), first, rows));
      }
    }
    this.size = rows;
  }

  private List<Map.Entry<String, Tensor>> all() {
    return ImmutableList.<Map.Entry<String, Tensor>>builder()
        .addAll(features.entrySet())
        .addAll(targets.entrySet())
        .build();
  }

  /**
   * A single-input, single-target dataset named {@value #FEATURES} and {@value #TARGETS}.
   *
   * @throws IllegalArgumentException if a tensor has rank below 2 or the row counts differ
   */
  public static Dataset of(Tensor features, Tensor targets) {
    return new Dataset(Map.of(FEATURES, features), Map.of(TARGETS, targets));
  }

  /**
   * A dataset of named features and targets (kept in the maps' iteration order).
   *
   * @throws IllegalArgumentException if there is no feature, a tensor has rank below 2 or the row
   *     counts differ
   */
  public static Dataset of(Map<String, Tensor> features, Map<String, Tensor> targets) {
    return new Dataset(features, targets);
  }

  /**
   * Reads a CSV file with a header row: the named feature columns become the {@value #FEATURES}
   * tensor and the target columns the {@value #TARGETS} tensor, in the order given. See {@link
   * CsvReader} for the format.
   *
   * @throws CsvFormatException if the file is malformed (names the file, line and column)
   * @throws IOException if the file cannot be read
   */
  public static Dataset readCsv(Path file, List<String> featureColumns, List<String> targetColumns)
      throws IOException {
    return CsvReader.read(file, Map.of(FEATURES, featureColumns), Map.of(TARGETS, targetColumns));
  }

  /** Returns the number of samples. */
  public int size() {
    return size;
  }

  /** Returns the feature tensors by name. */
  public Map<String, Tensor> features() {
    return features;
  }

  /** Returns the target tensors by name. */
  public Map<String, Tensor> targets() {
    return targets;
  }

  /**
   * Returns one feature tensor.
   *
   * @throws IllegalArgumentException if there is no such feature
   */
  public Tensor features(String name) {
    return lookup(features, name, "feature");
  }

  /**
   * Returns one target tensor.
   *
   * @throws IllegalArgumentException if there is no such target
   */
  public Tensor targets(String name) {
    return lookup(targets, name, "target");
  }

  private static Tensor lookup(Map<String, Tensor> map, String name, String kind) {
    Tensor t = map.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no " + kind + " named `" + name + "`; the " + kind + "s are " + map.keySet());
    }
    return t;
  }

  /**
   * Returns rows {@code [from, to)} as a new dataset (the rows are copied).
   *
   * @throws IllegalArgumentException if the range is empty or out of bounds
   */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size || from >= to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") is not a non-empty range of the " + size + " rows");
    }
    return new Dataset(sliceAll(features, from, to), sliceAll(targets, from, to));
  }

  private static ImmutableMap<String, Tensor> sliceAll(Map<String, Tensor> map, int from, int to) {
    ImmutableMap.Builder<String, Tensor> b = ImmutableMap.builder();
    map.forEach(
        (name, t) -> {
          int w = t.size() / t.dim(0);
          int[] shape = t.shape();
          shape[0] = to - from;
          b.put(name, Tensor.of(Arrays.copyOfRange(t.data(), from * w, to * w), shape));
        });
    return b.buildOrThrow();
  }

  /**
   * Returns this dataset with features and targets renamed (names not in the maps are kept); the
   * tensors are shared.
   *
   * @throws IllegalArgumentException if a renaming names a tensor that does not exist
   */
  public Dataset renamed(Map<String, String> featureNames, Map<String, String> targetNames) {
    return new Dataset(
        rename(features, featureNames, "feature"), rename(targets, targetNames, "target"));
  }

  private static ImmutableMap<String, Tensor> rename(
      Map<String, Tensor> map, Map<String, String> names, String kind) {
    for (String from : names.keySet()) {
      lookup(map, from, kind);
    }
    ImmutableMap.Builder<String, Tensor> b = ImmutableMap.builder();
    map.forEach((name, t) -> b.put(names.getOrDefault(name, name), t));
    return b.buildOrThrow();
  }

  /**
   * Returns reusable mini-batches of {@code batchSize} rows; the last batch holds the remaining
   * {@code size() % batchSize} rows when that is not zero (it is kept, not dropped).
   *
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public Batches batches(int batchSize) {
    return new Batches(this, batchSize);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Dataset of ").append(size).append(" rows: features");
    features.forEach((n, t) -> sb.append(' ').append(n).append(Arrays.toString(t.shape())));
    sb.append(", targets");
    targets.forEach((n, t) -> sb.append(' ').append(n).append(Arrays.toString(t.shape())));
    return sb.toString();
  }
}
