package dev.tributary.graph.train;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import java.util.SplittableRandom;

/**
 * The reports' toy problems, generated from a seed (the same seed gives bitwise the same data).
 *
 * <ul>
 *   <li>{@link #disc}: points uniform in {@code [0, 1]²}, label 1 inside the disc of centre {@code
 *       (0.5, 0.5)} and radius {@code 1/√(2π)}, whose area is 1/2, so the classes are balanced;
 *       {@link #discOneHot} gives the label as two one-hot columns (for two-output networks).
 *   <li>{@link #linear}: report 001's linearly separable set: standard-normal points, soft label
 *       0.8 left of the line through the origin with slope 4 ({@code y > 4x}) and 0.2 right of it.
 *   <li>{@link #siamesePairs}: pairs of disc-problem points for a siamese network.
 * </ul>
 */
public final class SyntheticData {
  /** The disc's centre coordinate (both axes). */
  public static final double CENTRE = 0.5;

  /** The disc's radius, {@code 1/√(2π)}: area 1/2. */
  public static final double RADIUS = 1 / Math.sqrt(2 * Math.PI);

  /** The slope of report 001's separating line. */
  public static final double SLOPE = 4;

  private SyntheticData() {}

  /**
   * Returns {@code n} disc points: features {@value Dataset#FEATURES} {@code [n, 2]}, targets
   * {@value Dataset#TARGETS} {@code [n, 1]} with 1 inside the disc and 0 outside.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Dataset disc(int n, long seed) {
    float[][] xy = discPoints(n, seed);
    return Dataset.of(Tensor.of(xy[0], n, 2), Tensor.of(xy[1], n, 1));
  }

  /**
   * Returns {@code n} disc points with one-hot targets {@code [n, 2]}: column 1 is "inside", so the
   * arg-max of a row is the label of {@link #disc} (same points for the same seed).
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Dataset discOneHot(int n, long seed) {
    float[][] xy = discPoints(n, seed);
    float[] oneHot = new float[2 * n];
    for (int i = 0; i < n; i++) {
      oneHot[2 * i + (int) xy[1][i]] = 1f;
    }
    return Dataset.of(Tensor.of(xy[0], n, 2), Tensor.of(oneHot, n, 2));
  }

  /** Returns whether {@code (x, y)} lies strictly inside the disc. */
  public static boolean insideDisc(double x, double y) {
    return distanceToCentre(x, y) < RADIUS;
  }

  /** Returns the distance of {@code (x, y)} to the disc's centre. */
  public static double distanceToCentre(double x, double y) {
    return Math.hypot(x - CENTRE, y - CENTRE);
  }

  private static float[][] discPoints(int n, long seed) {
    checkSize(n);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) rng.nextDouble();
      x[2 * i + 1] = (float) rng.nextDouble();
      y[i] = insideDisc(x[2 * i], x[2 * i + 1]) ? 1f : 0f;
    }
    return new float[][] {x, y};
  }

  /**
   * Returns report 001's linear set: {@code n} standard-normal points, targets {@code [n, 1]} of
   * 0.8 where {@code y > 4x} (left of the line) and 0.2 elsewhere.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Dataset linear(int n, long seed) {
    checkSize(n);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[2 * n];
    float[] t = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) rng.nextGaussian();
      x[2 * i + 1] = (float) rng.nextGaussian();
      t[i] = x[2 * i + 1] > SLOPE * x[2 * i] ? 0.8f : 0.2f;
    }
    return Dataset.of(Tensor.of(x, n, 2), Tensor.of(t, n, 1));
  }

  /**
   * Returns {@code n} pairs of points uniform in {@code [0, 1]²} for the siamese task: features
   * {@code p1} and {@code p2} ({@code [n, 2]} each); targets {@code closer} ({@code [n, 1]}, 1 when
   * p1 is closer to the disc's centre than p2), {@code d1} and {@code d2} (each point's distance to
   * the centre, {@code [n, 1]}).
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Dataset siamesePairs(int n, long seed) {
    checkSize(n);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] p1 = new float[2 * n];
    float[] p2 = new float[2 * n];
    float[] closer = new float[n];
    float[] d1 = new float[n];
    float[] d2 = new float[n];
    for (int i = 0; i < n; i++) {
      p1[2 * i] = (float) rng.nextDouble();
      p1[2 * i + 1] = (float) rng.nextDouble();
      p2[2 * i] = (float) rng.nextDouble();
      p2[2 * i + 1] = (float) rng.nextDouble();
      d1[i] = (float) distanceToCentre(p1[2 * i], p1[2 * i + 1]);
      d2[i] = (float) distanceToCentre(p2[2 * i], p2[2 * i + 1]);
      closer[i] = d1[i] < d2[i] ? 1f : 0f;
    }
    return Dataset.of(
        ImmutableMap.of("p1", Tensor.of(p1, n, 2), "p2", Tensor.of(p2, n, 2)),
        ImmutableMap.of(
            "closer",
            Tensor.of(closer, n, 1),
            "d1",
            Tensor.of(d1, n, 1),
            "d2",
            Tensor.of(d2, n, 1)));
  }

  private static void checkSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("sample count is " + n + "; pass at least 1");
    }
  }
}
