package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a model was trained on, kept in its model file's metadata so that predictions feed the same
 * columns, scaled the same way: the feature and target column names, the task ({@code classify} or
 * {@code regress}), and the per-feature standardization {@code x' = (x − μ) / σ} fitted on the
 * training split (absent when the features were fed raw).
 *
 * <p>Keys: {@value #FEATURES} and {@value #TARGETS} (comma-separated names), {@value #TASK}, and
 * {@value #MEANS} and {@value #DEVIATIONS} (comma-separated floats, one per feature, printed so
 * they read back bitwise).
 */
public final class DataMetadata {
  /** The feature columns, in input order. */
  public static final String FEATURES = "tributary.data.features";

  /** The target columns, in output order. */
  public static final String TARGETS = "tributary.data.targets";

  /** {@code classify} or {@code regress}. */
  public static final String TASK = "tributary.task";

  /** The training split's feature means μ. */
  public static final String MEANS = "tributary.scaling.mean";

  /** The training split's feature standard deviations σ (1 where a column is constant). */
  public static final String DEVIATIONS = "tributary.scaling.std";

  private final ImmutableList<String> features;
  private final ImmutableList<String> targets;
  private final String task;
  private final float[] means;
  private final float[] deviations;

  /**
   * Describes the training data.
   *
   * @param means per-feature means, or null for unscaled features
   * @param deviations per-feature deviations (all > 0), or null for unscaled features
   * @throws IllegalArgumentException if a name is blank or holds a comma, the task is not {@code
   *     classify} or {@code regress}, or the scaling does not have one finite entry per feature
   */
  public DataMetadata(
      List<String> features, List<String> targets, String task, float[] means, float[] deviations) {
    for (String n : concat(features, targets)) {
      if (n == null || n.isBlank() || n.contains(",")) {
        throw new IllegalArgumentException(
            "DataMetadata: column name '" + n + "' must be non-blank and hold no comma");
      }
    }
    if (!"classify".equals(task) && !"regress".equals(task)) {
      throw new IllegalArgumentException(
          "DataMetadata: task is '" + task + "'; use classify or regress");
    }
    if ((means == null) != (deviations == null)
        || (means != null
            && (means.length != features.size() || deviations.length != features.size()))) {
      throw new IllegalArgumentException(
          "DataMetadata: give one mean and one deviation per feature ("
              + features.size()
              + "), or neither");
    }
    if (deviations != null) {
      for (int i = 0; i < deviations.length; i++) {
        if (!(deviations[i] > 0) || !Float.isFinite(deviations[i]) || !Float.isFinite(means[i])) {
          throw new IllegalArgumentException(
              "DataMetadata: feature `"
                  + features.get(i)
                  + "` has mean "
                  + means[i]
                  + " and deviation "
                  + deviations[i]
                  + "; need finite values and a deviation > 0");
        }
      }
    }
    this.features = ImmutableList.copyOf(features);
    this.targets = ImmutableList.copyOf(targets);
    this.task = task;
    this.means = means == null ? null : means.clone();
    this.deviations = deviations == null ? null : deviations.clone();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("DataMetadata: feature and target names are needed");
    }
    return ImmutableList.<String>builder().addAll(a).addAll(b).build();
  }

  /**
   * Reads the description from a model file's metadata; empty when the file has none (a model not
   * trained by the runner).
   *
   * @throws ModelFileException if the keys are present but malformed
   */
  public static Optional<DataMetadata> from(Path file, Map<String, String> metadata)
      throws ModelFileException {
    String f = metadata.get(FEATURES);
    String t = metadata.get(TARGETS);
    if (f == null || t == null) {
      return Optional.empty();
    }
    List<String> features = List.of(f.split(",", -1));
    List<String> targets = List.of(t.split(",", -1));
    try {
      float[] mu = floats(metadata.get(MEANS));
      float[] sigma = floats(metadata.get(DEVIATIONS));
      return Optional.of(
          new DataMetadata(features, targets, metadata.getOrDefault(TASK, "classify"), mu, sigma));
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "the data metadata is malformed: " + e.getMessage(), e);
    }
  }

  private static float[] floats(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Float.parseFloat(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + parts[i] + "' is not a number", e);
      }
    }
    return v;
  }

  /** Returns the metadata entries to store in the model file. */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FEATURES, String.join(",", features));
    m.put(TARGETS, String.join(",", targets));
    m.put(TASK, task);
    if (means != null) {
      m.put(MEANS, join(means));
      m.put(DEVIATIONS, join(deviations));
    }
    return m;
  }

  private static String join(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Float.toString(v[i]));
    }
    return sb.toString();
  }

  /** Returns the feature column names, in input order. */
  public List<String> features() {
    return features;
  }

  /** Returns the target column names. */
  public List<String> targets() {
    return targets;
  }

  /** Returns {@code classify} or {@code regress}. */
  public String task() {
    return task;
  }

  /** Returns whether the features are standardized before the network sees them. */
  public boolean standardized() {
    return means != null;
  }

  /**
   * Returns {@code (x − μ) / σ} column by column as a new tensor, or {@code x} itself when the
   * features are not standardized.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [rows, features]}
   */
  public Tensor standardize(Tensor x) {
    if (x.rank() != 2 || x.dim(1) != features.size()) {
      throw new IllegalArgumentException(
          String.format(
              "DataMetadata: features have shape %s but the model takes %d columns %s",
              Arrays.toString(x.shape()), features.size(), features));
    }
    if (means == null) {
      return x;
    }
    float[] in = x.data();
    float[] out = new float[in.length];
    int cols = means.length;
    for (int i = 0; i < in.length; i++) {
      out[i] = (in[i] - means[i % cols]) / deviations[i % cols];
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * Fits the standardization of the columns of {@code x}: the mean and the population standard
   * deviation of each column (1 for a constant column, so it passes through centred).
   *
   * @return {@code {means, deviations}}
   * @throws IllegalArgumentException if {@code x} is not a non-empty matrix
   */
  public static float[][] fit(Tensor x) {
    if (x.rank() != 2 || x.dim(0) == 0) {
      throw new IllegalArgumentException(
          "DataMetadata.fit: need a non-empty [rows, columns] matrix, got "
              + Arrays.toString(x.shape()));
    }
    int rows = x.dim(0);
    int cols = x.dim(1);
    double[] sum = new double[cols];
    double[] squares = new double[cols];
    float[] d = x.data();
    for (int i = 0; i < d.length; i++) {
      sum[i % cols] += d[i];
    }
    float[] mu = new float[cols];
    for (int c = 0; c < cols; c++) {
      mu[c] = (float) (sum[c] / rows);
    }
    for (int i = 0; i < d.length; i++) {
      double diff = d[i] - mu[i % cols];
      squares[i % cols] += diff * diff;
    }
    float[] sigma = new float[cols];
    for (int c = 0; c < cols; c++) {
      double s = Math.sqrt(squares[c] / rows);
      sigma[c] = s > 0 && Double.isFinite(s) ? (float) s : 1f;
    }
    return new float[][] {mu, sigma};
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s → %s%s",
        task,
        features,
        targets,
        means == null ? "" : ", standardized");
  }
}
