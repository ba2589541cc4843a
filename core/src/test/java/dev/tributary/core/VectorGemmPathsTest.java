package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every path of the vector kernel, forced, with both register-tile widths, on any machine: the
 * four-vector and wide tiles that the automatic choice takes only on AVX-512 hardware run here on
 * AVX2 too. Each is checked bit for bit against the scalar kernel (both compute each element as one
 * fma chain over {@code p} in order) and within a rounding bound of a double-precision sum.
 */
class VectorGemmPathsTest {
  /** Allowed error per term of the sum, relative to {@code |c0| + Σ|a·b|} (see MatMulTest). */
  private static final double RELATIVE_TOLERANCE_PER_TERM = Math.ulp(1f);

  /**
   * {m, n, k}: fewer rows than a tile, the seed networks' 25-column layers, thin trailing columns
   * (n mod 8 = 1 or 2), several slices of the shared dimension (k > 256), more rows than one packed
   * block of A (120) and more columns than one strip of B (1024).
   */
  private static final int[][] SHAPES = {
    {3, 25, 25},
    {1, 33, 3},
    {100, 25, 25},
    {100, 1, 25},
    {100, 25, 2},
    {25, 25, 100},
    {7, 300, 5},
    {77, 91, 300},
    {131, 42, 513},
    {12, 1100, 7},
    {40, 64, 16}
  };

  @BeforeEach
  void requireVectorModule() {
    assumeTrue(KernelPath.VECTOR.available(), "the JVM lacks jdk.incubator.vector");
  }

  @Test
  void block_everyForcedPathAndTileWidth_bitwiseEqualToScalarKernel() {
    Random rng = new Random(11);
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (Layout layout : Layout.values()) {
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] c0 = random(rng, m * n);
        for (boolean add : new boolean[] {false, true}) {
          float[] expected = c0.clone();
          GemmCall scalar =
              new GemmCall().set(ScalarGemm.INSTANCE, layout, m, n, k, a, b, expected, add);
          ScalarGemm.INSTANCE.block(scalar, 0, m, 0, n, new Workspace());
          double[] exact = reference(layout, m, n, k, a, b, c0, add);
          for (GemmPath path : GemmPath.values()) {
            for (int vectors : new int[] {2, 4}) {
              VectorGemm kernel = new VectorGemm(path, vectors);
              float[] actual = c0.clone();
              GemmCall call = new GemmCall().set(kernel, layout, m, n, k, a, b, actual, add);
              kernel.block(call, 0, m, 0, n, new Workspace());
              String what = path + " " + vectors + "v " + layout + " " + Arrays.toString(s);
              assertArrayEquals(expected, actual, 0f, what + " add=" + add);
              assertWithinRounding(exact, actual, k, what);
            }
          }
        }
      }
    }
  }

  @Test
  void block_forcedPathSplitIntoBlocks_bitwiseIdenticalToWholeProduct() {
    Random rng = new Random(12);
    int m = 77;
    int n = 91;
    int k = 300;
    for (Layout layout : Layout.values()) {
      float[] a = random(rng, m * k);
      float[] b = random(rng, k * n);
      float[] c0 = random(rng, m * n);
      for (GemmPath path : GemmPath.values()) {
        for (int vectors : new int[] {2, 4}) {
          VectorGemm kernel = new VectorGemm(path, vectors);
          float[] whole = c0.clone();
          float[] split = c0.clone();
          Workspace ws = new Workspace();
          kernel.block(
              new GemmCall().set(kernel, layout, m, n, k, a, b, whole, true), 0, m, 0, n, ws);
          GemmCall parts = new GemmCall().set(kernel, layout, m, n, k, a, b, split, true);
          kernel.block(parts, 0, 40, 0, 32, ws);
          kernel.block(parts, 40, m, 0, 32, ws);
          kernel.block(parts, 0, m, 32, n, ws);
          assertArrayEquals(whole, split, 0f, path + " " + vectors + "v " + layout);
        }
      }
    }
  }

  @Test
  void of_namedPathAndWidth_describesTheForcedKernel() {
    VectorGemm kernel = VectorGemm.of("in-place", "4");
    assertTrue(
        kernel.toString().contains("5x" + 4 * VectorGemm.L + " register tile"), kernel.toString());
    assertTrue(kernel.toString().endsWith("path in-place forced"), kernel.toString());
    assertEquals(
        VectorGemm.MR + "x" + VectorGemm.widestTile() * VectorGemm.L,
        VectorGemm.of("auto", "auto").toString().replaceAll(".*lanes\\), (\\d+x\\d+) .*", "$1"));
  }

  @Test
  void of_unknownPath_throwsNamingThePropertyAndTheValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VectorGemm.of("diagonal", "auto"));
    assertEquals(
        "tributary.gemm.path must be one of auto, packed, in-place, wide, few-rows, thin;"
            + " got 'diagonal'",
        e.getMessage());
  }

  @Test
  void of_unsupportedTileWidth_throwsNamingTheProperty() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VectorGemm.of("packed", "3"));
    assertEquals("tributary.gemm.tile must be auto, 2 or 4 (vectors); got '3'", e.getMessage());
  }

  private static float[] random(Random rng, int size) {
    float[] d = new float[size];
    for (int i = 0; i < size; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return d;
  }

  /**
   * {@code c0 + op(a)·op(b)} in double precision in {@code [0, m·n)}, and {@code |c0| + Σ|a·b|} per
   * element in {@code [m·n, 2·m·n)}.
   */
  private static double[] reference(
      Layout layout, int m, int n, int k, float[] a, float[] b, float[] c0, boolean add) {
    double[] r = new double[2 * m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = add ? c0[i * n + j] : 0;
        double magnitude = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double av = layout.transposeA ? a[p * m + i] : a[i * k + p];
          double bv = layout.transposeB ? b[j * k + p] : b[p * n + j];
          s += av * bv;
          magnitude += Math.abs(av * bv);
        }
        r[i * n + j] = s;
        r[m * n + i * n + j] = magnitude;
      }
    }
    return r;
  }

  private static void assertWithinRounding(double[] exact, float[] actual, int k, String what) {
    int size = actual.length;
    for (int i = 0; i < size; i++) {
      double bound = (k + 1) * RELATIVE_TOLERANCE_PER_TERM * exact[size + i];
      assertEquals(exact[i], actual[i], bound, what + " element " + i);
    }
  }
}
