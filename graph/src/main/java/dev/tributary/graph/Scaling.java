package dev.tributary.graph;

import dev.tributary.core.Tensor;
import java.util.Arrays;

/**
 * The standardization a model was trained with, applied around a one-input, one-output network:
 * features in, {@code x' = (x − μ_x) / σ_x} per column, and targets out, {@code y = y'·σ_y + μ_y}
 * per column. Either half may be absent (the identity). Instances are immutable; the arrays are
 * copied in and out.
 *
 * <p>A model file written by the runner keeps both halves in its metadata ({@code
 * tributary.scaling.*}, see {@code DataMetadata}); {@code ModelFile.loadPredictor} reads them into
 * a {@link Predictor}, so Java callers get the numbers {@code tributary predict} prints.
 */
public final class Scaling {
  /** No scaling: features and outputs pass through unchanged. */
  public static final Scaling NONE = new Scaling(null, null, null, null);

  private final float[] featureMeans;
  private final float[] featureDeviations;
  private final float[] targetMeans;
  private final float[] targetDeviations;

  private Scaling(float[] fm, float[] fd, float[] tm, float[] td) {
    this.featureMeans = fm;
    this.featureDeviations = fd;
    this.targetMeans = tm;
    this.targetDeviations = td;
  }

  /**
   * Returns a scaling; pass null for a half that is absent.
   *
   * @param featureMeans μ_x, one per input feature, or null
   * @param featureDeviations σ_x (> 0), one per input feature, or null
   * @param targetMeans μ_y, one per output column, or null
   * @param targetDeviations σ_y (> 0), one per output column, or null
   * @throws IllegalArgumentException if a half has one array but not the other, lengths differ, or
   *     a value is not finite or a deviation not > 0
   */
  public static Scaling of(
      float[] featureMeans,
      float[] featureDeviations,
      float[] targetMeans,
      float[] targetDeviations) {
    check("feature", featureMeans, featureDeviations);
    check("target", targetMeans, targetDeviations);
    return new Scaling(
        copy(featureMeans), copy(featureDeviations), copy(targetMeans), copy(targetDeviations));
  }

  private static void check(String kind, float[] mu, float[] sigma) {
    if ((mu == null) != (sigma == null) || (mu != null && mu.length != sigma.length)) {
      throw new IllegalArgumentException(
          "Scaling: give as many " + kind + " means as deviations, or neither");
    }
    for (int i = 0; mu != null && i < mu.length; i++) {
      if (!Float.isFinite(mu[i]) || !(sigma[i] > 0) || Float.isInfinite(sigma[i])) {
        throw new IllegalArgumentException(
            String.format(
                "Scaling: %s column %d has mean %s and deviation %s; need finite values and a"
                    + " deviation > 0",
                kind, i, mu[i], sigma[i]));
      }
    }
  }

  private static float[] copy(float[] a) {
    return a == null ? null : a.clone();
  }

  /** Returns whether the features are standardized before the network sees them. */
  public boolean scalesFeatures() {
    return featureMeans != null;
  }

  /** Returns whether the network's outputs are mapped back to the targets' units. */
  public boolean scalesTargets() {
    return targetMeans != null;
  }

  /**
   * Returns {@code (x − μ_x) / σ_x} per column as a new tensor, or {@code x} itself when the
   * features are not scaled.
   *
   * @throws IllegalArgumentException if {@code x}'s rows do not have one value per feature
   */
  public Tensor features(Tensor x) {
    return featureMeans == null ? x : apply("input", x, featureMeans, featureDeviations, false);
  }

  /**
   * Returns {@code y'·σ_y + μ_y} per column as a new tensor (network outputs in the targets'
   * original units), or {@code y'} itself when the targets are not scaled.
   *
   * @throws IllegalArgumentException if {@code y'}'s rows do not have one value per target column
   */
  public Tensor outputs(Tensor scaled) {
    return targetMeans == null
        ? scaled
        : apply("output", scaled, targetMeans, targetDeviations, true);
  }

  private static Tensor apply(String what, Tensor v, float[] mu, float[] sigma, boolean inverse) {
    if (v.rank() < 1 || v.size() != v.dim(0) * mu.length) {
      throw new IllegalArgumentException(
          String.format(
              "Scaling: the %s has shape %s but the scaling has %d columns",
              what, Arrays.toString(v.shape()), mu.length));
    }
    float[] in = v.data();
    float[] out = new float[in.length];
    int cols = mu.length;
    for (int i = 0; i < in.length; i++) {
      int c = i % cols;
      out[i] = inverse ? in[i] * sigma[c] + mu[c] : (in[i] - mu[c]) / sigma[c];
    }
    return Tensor.of(out, v.shape());
  }

  @Override
  public String toString() {
    return scalesFeatures() || scalesTargets()
        ? "Scaling[features " + scalesFeatures() + ", targets " + scalesTargets() + "]"
        : "Scaling.NONE";
  }
}
