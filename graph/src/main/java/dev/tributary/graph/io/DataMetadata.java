package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Predictor;
import dev.tributary.graph.Scaling;
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
 * <p>A regression model may also standardize its targets, {@code y' = (y − μ_y) / σ_y} with the
 * training split's target statistics: the network is trained on {@code y'} and its outputs are
 * mapped back to the original units with {@link #unstandardizeTargets}, {@code y = y'·σ_y + μ_y}.
 *
 * <p>Keys: {@value #FEATURES} and {@value #TARGETS} (comma-separated names), {@value #TASK},
 * {@value #MEANS} and {@value #DEVIATIONS} (comma-separated floats, one per feature, printed so
 * they read back bitwise), and {@value #TARGET_MEANS} and {@value #TARGET_DEVIATIONS} (one per
 * target column, present only when the targets were scaled).
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

  /** The training split's target means μ_y (regression with scaled targets only). */
  public static final String TARGET_MEANS = "tributary.scaling.target.mean";

  /** The training split's target standard deviations σ_y (1 where a column is constant). */
  public static final String TARGET_DEVIATIONS = "tributary.scaling.target.std";

  private final ImmutableList<String> features;
  private final ImmutableList<String> targets;
  private final String task;
  private final float[] means;
  private final float[] deviations;
  private final float[] targetMeans;
  private final float[] targetDeviations;

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
    this(features, targets, task, means, deviations, null, null);
  }

  /**
   * Describes the training data, with the targets' standardization.
   *
   * @param targetMeans per-target-column means, or null for unscaled targets
   * @param targetDeviations per-target-column deviations (all > 0), or null for unscaled targets
   * @throws IllegalArgumentException as {@link #DataMetadata(List, List, String, float[],
   *     float[])}, or if the target scaling does not have one finite entry per target column
   */
  public DataMetadata(
      List<String> features,
      List<String> targets,
      String task,
      float[] means,
      float[] deviations,
      float[] targetMeans,
      float[] targetDeviations) {
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
    checkScaling("feature", features, means, deviations);
    checkScaling("target", targets, targetMeans, targetDeviations);
    this.features = ImmutableList.copyOf(features);
    this.targets = ImmutableList.copyOf(targets);
    this.task = task;
    this.means = means == null ? null : means.clone();
    this.deviations = deviations == null ? null : deviations.clone();
    this.targetMeans = targetMeans == null ? null : targetMeans.clone();
    this.targetDeviations = targetDeviations == null ? null : targetDeviations.clone();
  }

  /** Checks one scaling: both arrays or neither, one finite entry per column, deviations > 0. */
  private static void checkScaling(
      String kind, List<String> columns, float[] means, float[] deviations) {
    if ((means == null) != (deviations == null)
        || (means != null
            && (means.length != columns.size() || deviations.length != columns.size()))) {
      throw new IllegalArgumentException(
          "DataMetadata: give one mean and one deviation per "
              + kind
              + " column ("
              + columns.size()
              + "), or neither");
    }
    if (deviations != null) {
      for (int i = 0; i < deviations.length; i++) {
        if (!(deviations[i] > 0) || !Float.isFinite(deviations[i]) || !Float.isFinite(means[i])) {
          throw new IllegalArgumentException(
              "DataMetadata: "
                  + kind
                  + " `"
                  + columns.get(i)
                  + "` has mean "
                  + means[i]
                  + " and deviation "
                  + deviations[i]
                  + "; need finite values and a deviation > 0");
        }
      }
    }
  }

  /**
   * Returns this description with the targets standardized by {@code means} and {@code deviations}
   * (one per target column, e.g. from {@link #fit} on the training targets).
   *
   * @throws IllegalArgumentException if the arrays do not hold one finite entry per target column,
   *     or a deviation is not > 0
   */
  public DataMetadata withTargetScaling(float[] means, float[] deviations) {
    if (means == null || deviations == null) {
      throw new IllegalArgumentException(
          "DataMetadata.withTargetScaling: give the target means and deviations");
    }
    return new DataMetadata(
        features, targets, task, this.means, this.deviations, means, deviations);
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
      float[] targetMu = floats(metadata.get(TARGET_MEANS));
      float[] targetSigma = floats(metadata.get(TARGET_DEVIATIONS));
      return Optional.of(
          new DataMetadata(
              features,
              targets,
              metadata.getOrDefault(TASK, "classify"),
              mu,
              sigma,
              targetMu,
              targetSigma));
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
    if (targetMeans != null) {
      m.put(TARGET_MEANS, join(targetMeans));
      m.put(TARGET_DEVIATIONS, join(targetDeviations));
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

  /** Returns whether the targets are standardized (the network predicts {@code y'}). */
  public boolean targetsStandardized() {
    return targetMeans != null;
  }

  /**
   * Returns {@code (y − μ_y) / σ_y} column by column as a new tensor (the units the network is
   * trained in), or {@code y} itself when the targets are not standardized.
   *
   * @throws IllegalArgumentException if {@code y} does not have one column per target
   */
  public Tensor standardizeTargets(Tensor y) {
    checkTargets(y);
    return targetMeans == null ? y : affine(y, targetMeans, targetDeviations, false);
  }

  /**
   * Returns {@code y'·σ_y + μ_y} column by column as a new tensor: network outputs mapped back to
   * the targets' original units; {@code y'} itself when the targets are not standardized.
   *
   * @throws IllegalArgumentException if {@code y'} does not have one column per target
   */
  public Tensor unstandardizeTargets(Tensor scaled) {
    checkTargets(scaled);
    return targetMeans == null ? scaled : affine(scaled, targetMeans, targetDeviations, true);
  }

  /**
   * Returns both standardizations as a {@link Scaling} for a {@link Predictor}: features in,
   * targets out ({@link Scaling#NONE} halves where nothing was scaled).
   */
  public Scaling scaling() {
    return Scaling.of(means, deviations, targetMeans, targetDeviations);
  }

  private void checkTargets(Tensor y) {
    if (y.rank() < 1 || y.size() != y.dim(0) * targets.size()) {
      throw new IllegalArgumentException(
          String.format(
              "DataMetadata: targets have shape %s but the model has %d target columns %s",
              Arrays.toString(y.shape()), targets.size(), targets));
    }
  }

  /**
   * {@code (v − μ) / σ}, or {@code v·σ + μ} when {@code inverse}, per column, into a new tensor.
   */
  private static Tensor affine(Tensor v, float[] mu, float[] sigma, boolean inverse) {
    float[] in = v.data();
    float[] out = new float[in.length];
    int cols = mu.length;
    for (int i = 0; i < in.length; i++) {
      int c = i % cols;
      out[i] = inverse ? in[i] * sigma[c] + mu[c] : (in[i] - mu[c]) / sigma[c];
    }
    return Tensor.of(out, v.shape());
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
        "%s %s → %s%s%s",
        task,
        features,
        targets,
        means == null ? "" : ", standardized",
        targetMeans == null ? "" : ", targets standardized");
  }
}
