package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Convolution kernels against a naive double-precision convolution: forward values, and both
 * backward passes against central finite differences of the double reference's loss {@code Σ y·r}
 * (whose gradient with respect to y is r). Shapes cover stride 2 and 3, padding 1 and 2, odd sizes,
 * a kernel as large as the (padded) input, batch 1, one channel, a 1×1 kernel, and seeded random
 * geometries. Also: accumulation, either order of the backward passes, no bias, bitwise equality on
 * 1 and 2 threads, and error messages.
 */
class Conv2dKernelsTest {
  /** Float sums of at most a few hundred products of values in [−1, 1]: absolute error. */
  private static final double FORWARD_TOLERANCE = 2e-5;

  /** Gradients sum up to B·OH·OW (weights) or O·k² (inputs) float products. */
  private static final double GRAD_TOLERANCE = 5e-5;

  /** Central-difference step on the double reference (linear in x and w: exact up to rounding). */
  private static final double FD_STEP = 1e-3;

  private static final float EXACT = 0f;

  /** {B, C, H, W, O, k, stride, padding}. */
  private static final int[][] CASES = {
    {2, 3, 7, 6, 4, 3, 1, 0},
    {3, 2, 9, 8, 5, 3, 2, 1},
    {1, 1, 5, 5, 1, 5, 1, 0},
    {2, 2, 4, 5, 3, 6, 1, 1},
    {2, 3, 11, 13, 2, 4, 3, 2},
    {1, 4, 6, 6, 7, 1, 2, 0},
  };

  private static List<int[]> cases() {
    List<int[]> all = new ArrayList<>(List.of(CASES));
    Random rng = new Random(12);
    for (int t = 0; t < 6; t++) {
      int h = 1 + rng.nextInt(9);
      int w = 1 + rng.nextInt(9);
      int p = rng.nextInt(3);
      int k = 1 + rng.nextInt(Math.min(h, w) + 2 * p);
      all.add(
          new int[] {
            1 + rng.nextInt(3),
            1 + rng.nextInt(4),
            h,
            w,
            1 + rng.nextInt(5),
            k,
            1 + rng.nextInt(3),
            p
          });
    }
    return all;
  }

  /** One convolution problem with its tensors. */
  private static final class Problem {
    final ConvGeometry g;
    final int batch;
    final int out;
    final Tensor x;
    final Tensor w;
    final Tensor bias;
    final Tensor r;
    final float[] scratch;

    Problem(int[] c, long seed) {
      Random rng = new Random(seed);
      batch = c[0];
      out = c[4];
      g = new ConvGeometry(c[1], c[2], c[3], c[5], c[6], c[7]);
      x = ConvReference.random(rng, batch, c[1], c[2], c[3]);
      w = ConvReference.random(rng, out, c[1], c[5], c[5]);
      bias = ConvReference.random(rng, out);
      r = ConvReference.random(rng, batch, out, g.outHeight(), g.outWidth());
      scratch = new float[Conv2dKernels.scratchSize(g, out, batch)];
    }

    Tensor forward() {
      Tensor y = Tensor.zeros(batch, out, g.outHeight(), g.outWidth());
      Conv2dKernels.forward(g, x, w, bias, y, scratch);
      return y;
    }

    double loss(double[] xd, double[] wd, double[] bd) {
      return ConvReference.dot(
          ConvReference.conv(g, batch, out, xd, wd, bd), ConvReference.toDouble(r));
    }

    /** Central difference of the double loss with respect to element i of the chosen array. */
    double fd(double[] xd, double[] wd, double[] bd, double[] target, int i) {
      double saved = target[i];
      target[i] = saved + FD_STEP;
      double up = loss(xd, wd, bd);
      target[i] = saved - FD_STEP;
      double down = loss(xd, wd, bd);
      target[i] = saved;
      return (up - down) / (2 * FD_STEP);
    }
  }

  @Test
  void forward_manyGeometries_matchesNaiveReference() {
    long seed = 100;
    for (int[] c : cases()) {
      Problem pr = new Problem(c, seed++);
      Tensor y = pr.forward();
      double[] expected =
          ConvReference.conv(
              pr.g,
              pr.batch,
              pr.out,
              ConvReference.toDouble(pr.x),
              ConvReference.toDouble(pr.w),
              ConvReference.toDouble(pr.bias));
      assertEquals(expected.length, y.size());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.data()[i], FORWARD_TOLERANCE, pr.g + " y[" + i + "]");
      }
    }
  }

  @Test
  void forward_handWorked_singleWindowSum() {
    // x = 1..4 in a 2×2 plane, w = all ones 2×2, bias 0.5: one output 1+2+3+4+0.5.
    ConvGeometry g = new ConvGeometry(1, 2, 2, 2, 1, 0);
    Tensor y = Tensor.zeros(1, 1, 1, 1);
    Conv2dKernels.forward(
        g,
        Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2),
        Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2),
        Tensor.of(new float[] {0.5f}, 1),
        y,
        new float[Conv2dKernels.scratchSize(g, 1, 1)]);
    assertEquals(10.5f, y.get(0, 0, 0, 0), EXACT);
  }

  @Test
  void backward_manyGeometries_matchFiniteDifferencesOfReference() {
    long seed = 200;
    for (int[] c : cases()) {
      Problem pr = new Problem(c, seed++);
      pr.forward();
      Tensor dw = Tensor.zeros(pr.w.shape());
      Tensor db = Tensor.zeros(pr.out);
      Tensor dx = Tensor.zeros(pr.x.shape());
      Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, db, pr.scratch);
      Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx, pr.scratch);
      double[] xd = ConvReference.toDouble(pr.x);
      double[] wd = ConvReference.toDouble(pr.w);
      double[] bd = ConvReference.toDouble(pr.bias);
      for (int i = 0; i < wd.length; i++) {
        double e = pr.fd(xd, wd, bd, wd, i);
        assertEquals(e, dw.data()[i], GRAD_TOLERANCE * (1 + Math.abs(e)), pr.g + " dW[" + i + "]");
      }
      for (int i = 0; i < bd.length; i++) {
        double e = pr.fd(xd, wd, bd, bd, i);
        assertEquals(e, db.data()[i], GRAD_TOLERANCE * (1 + Math.abs(e)), pr.g + " dB[" + i + "]");
      }
      for (int i = 0; i < xd.length; i++) {
        double e = pr.fd(xd, wd, bd, xd, i);
        assertEquals(e, dx.data()[i], GRAD_TOLERANCE * (1 + Math.abs(e)), pr.g + " dx[" + i + "]");
      }
    }
  }

  @Test
  void backward_nonZeroGradients_accumulate() {
    Problem pr = new Problem(CASES[1], 7);
    pr.forward();
    Tensor dw = Tensor.zeros(pr.w.shape());
    Tensor db = Tensor.zeros(pr.out);
    Tensor dx = Tensor.zeros(pr.x.shape());
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, db, pr.scratch);
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx, pr.scratch);
    Tensor dw2 = Tensor.zeros(pr.w.shape());
    Elementwise.fill(dw2, 0.25f);
    Tensor db2 = Tensor.zeros(pr.out);
    Elementwise.fill(db2, -1f);
    Tensor dx2 = Tensor.zeros(pr.x.shape());
    Elementwise.fill(dx2, 2f);
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw2, db2, pr.scratch);
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx2, pr.scratch);
    for (int i = 0; i < dw.size(); i++) {
      assertEquals(dw.data()[i] + 0.25f, dw2.data()[i], 1e-6f, "dW[" + i + "]");
    }
    for (int i = 0; i < db.size(); i++) {
      assertEquals(db.data()[i] - 1f, db2.data()[i], 1e-6f, "dB[" + i + "]");
    }
    for (int i = 0; i < dx.size(); i++) {
      assertEquals(dx.data()[i] + 2f, dx2.data()[i], 1e-6f, "dx[" + i + "]");
    }
  }

  @Test
  void backward_inputBeforeParams_sameBitsAsParamsFirst() {
    Problem pr = new Problem(CASES[4], 8);
    pr.forward();
    Tensor dw = Tensor.zeros(pr.w.shape());
    Tensor db = Tensor.zeros(pr.out);
    Tensor dx = Tensor.zeros(pr.x.shape());
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, db, pr.scratch);
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx, pr.scratch);
    Tensor dw2 = Tensor.zeros(pr.w.shape());
    Tensor db2 = Tensor.zeros(pr.out);
    Tensor dx2 = Tensor.zeros(pr.x.shape());
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx2, pr.scratch);
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw2, db2, pr.scratch);
    assertEquals(dw, dw2);
    assertEquals(db, db2);
    assertEquals(dx, dx2);
  }

  @Test
  void forwardAndBackward_nullBias_sameAsZeroBias() {
    Problem pr = new Problem(CASES[0], 9);
    Tensor zero = Tensor.zeros(pr.out);
    Tensor y0 = Tensor.zeros(pr.batch, pr.out, pr.g.outHeight(), pr.g.outWidth());
    Conv2dKernels.forward(pr.g, pr.x, pr.w, zero, y0, pr.scratch);
    Tensor y = Tensor.zeros(y0.shape());
    Conv2dKernels.forward(pr.g, pr.x, pr.w, null, y, pr.scratch);
    assertEquals(y0, y);
    Tensor dw = Tensor.zeros(pr.w.shape());
    Tensor dw0 = Tensor.zeros(pr.w.shape());
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, null, pr.scratch);
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw0, Tensor.zeros(pr.out), pr.scratch);
    assertEquals(dw0, dw);
  }

  @Test
  void allPasses_oneAndTwoThreads_bitwiseEqual() {
    int saved = Kernels.threads();
    try {
      for (int[] c : new int[][] {{64, 6, 12, 12, 16, 5, 1, 0}, {20, 8, 7, 7, 12, 3, 2, 1}}) {
        Tensor[] one = runAll(c, 1);
        Tensor[] two = runAll(c, 2);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i].data(), two[i].data(), EXACT, "output " + i);
        }
      }
    } finally {
      Kernels.setThreads(saved);
    }
  }

  private static Tensor[] runAll(int[] c, int threads) {
    Kernels.setThreads(threads);
    Problem pr = new Problem(c, 31);
    Tensor y = pr.forward();
    Tensor dw = Tensor.zeros(pr.w.shape());
    Tensor db = Tensor.zeros(pr.out);
    Tensor dx = Tensor.zeros(pr.x.shape());
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, db, pr.scratch);
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx, pr.scratch);
    return new Tensor[] {y, dw, db, dx};
  }

  @Test
  void forward_wrongInputChannels_namesTensorAndExpectedShape() {
    ConvGeometry g = new ConvGeometry(3, 8, 8, 3, 1, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Conv2dKernels.forward(
                    g,
                    Tensor.zeros(2, 4, 8, 8),
                    Tensor.zeros(5, 3, 3, 3),
                    Tensor.zeros(5),
                    Tensor.zeros(2, 5, 6, 6),
                    new float[Conv2dKernels.scratchSize(g, 5, 2)]));
    assertTrue(e.getMessage().contains("x has shape [2, 4, 8, 8]"), e.getMessage());
    assertTrue(e.getMessage().contains("expected [2, 3, 8, 8]"), e.getMessage());
  }

  @Test
  void forward_shortScratch_saysHowMuchIsNeeded() {
    ConvGeometry g = new ConvGeometry(1, 4, 4, 3, 1, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Conv2dKernels.forward(
                    g,
                    Tensor.zeros(2, 1, 4, 4),
                    Tensor.zeros(1, 1, 3, 3),
                    null,
                    Tensor.zeros(2, 1, 2, 2),
                    new float[10]));
    // The direct path's padded copy: 2 samples · (16 input floats + 10 of grid rounding: the grid's
    // 1·4 + 2 = 6 positions round up to 16) = 52 floats.
    assertTrue(e.getMessage().contains("scratch holds 10 floats"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 52"), e.getMessage());
  }

  @Test
  void backwardParams_wrongOutputGradient_namesDy() {
    ConvGeometry g = new ConvGeometry(1, 4, 4, 3, 1, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Conv2dKernels.backwardParams(
                    g,
                    Tensor.zeros(2, 1, 4, 4),
                    Tensor.zeros(2, 1, 3, 3),
                    Tensor.zeros(1, 1, 3, 3),
                    Tensor.zeros(1),
                    new float[72]));
    assertTrue(e.getMessage().startsWith("Conv2dKernels.backwardParams: dy"), e.getMessage());
    assertTrue(e.getMessage().contains("expected [2, 1, 2, 2]"), e.getMessage());
  }

  @Test
  void scratchSize_im2colPath_isBatchPositionsPatch() {
    // [64, 6, 12, 12] with 5×5, stride 2: 4×4 positions, patch 6·25 = 150.
    Conv2dKernels.Path saved = Conv2dKernels.path(Conv2dKernels.Path.IM2COL);
    try {
      assertEquals(
          64 * 16 * 150, Conv2dKernels.scratchSize(new ConvGeometry(6, 12, 12, 5, 2, 0), 16, 64));
    } finally {
      Conv2dKernels.path(saved);
    }
  }

  @Test
  void scratchSize_implicitPath_isThePaddedInput() {
    // [100, 32, 6, 6] with 3×3, stride 1 (the digit-pair trunk's second layer): the padded copy's
    // 32 planes of 36 and the grid rounding's 16 − (3·6 + 4) mod 16 = 10 floats of slack; without
    // the Vector API the im2col matrix, 16 positions × 288 taps.
    Conv2dKernels.Path saved = Conv2dKernels.path(Conv2dKernels.Path.IMPLICIT);
    try {
      int expected = Kernels.vectorized() ? 100 * (32 * 36 + 10) : 100 * 16 * 288;
      assertEquals(
          expected, Conv2dKernels.scratchSize(new ConvGeometry(32, 6, 6, 3, 1, 0), 64, 100));
    } finally {
      Conv2dKernels.path(saved);
    }
  }

  @Test
  void scratchSize_directPath_isPaddedInputWithGridRounding() {
    // [64, 6, 12, 12] with 5×5, stride 1: the grid is 7·12 + 8 = 92 positions, rounded to 96, so
    // each sample's copy is its 6 planes of 144 and 4 floats of slack.
    assertEquals(
        64 * (6 * 144 + 4),
        Conv2dKernels.scratchSize(new ConvGeometry(6, 12, 12, 5, 1, 0), 16, 64));
  }

  @Test
  void allPasses_directAndIm2colPaths_agree() {
    // Every stride-1 case (padding 0–2, odd sizes, a kernel as large as the padded input, LeNet's
    // layers) through both paths: same outputs and gradients within float rounding.
    List<int[]> shapes = new ArrayList<>();
    for (int[] c : cases()) {
      if (c[6] == 1) {
        shapes.add(c);
      }
    }
    shapes.add(new int[] {3, 1, 28, 28, 6, 5, 1, 0});
    shapes.add(new int[] {2, 6, 12, 12, 16, 5, 1, 0});
    shapes.add(new int[] {2, 5, 9, 7, 9, 3, 1, 1});
    assertAgreeWithIm2col(shapes, 400, Conv2dKernels.Path.DIRECT);
  }

  @Test
  void allPasses_implicitAutoAndIm2colPaths_agree() {
    // Every case (strides 1–3, padding 0–2, odd sizes) plus shapes whose product rows are not a
    // multiple of the five-row tile and whose output channels fill one, two and a half panels; the
    // digit-pair trunk's second layer last. Without the Vector API the implicit path is im2col.
    List<int[]> shapes = new ArrayList<>(cases());
    shapes.add(new int[] {3, 5, 7, 7, 17, 3, 1, 0});
    shapes.add(new int[] {2, 4, 9, 8, 40, 3, 2, 1});
    shapes.add(new int[] {2, 3, 6, 6, 16, 3, 1, 1});
    shapes.add(new int[] {4, 32, 6, 6, 64, 3, 1, 0});
    shapes.add(new int[] {3, 1, 14, 14, 16, 3, 1, 0});
    shapes.add(new int[] {2, 6, 12, 12, 16, 5, 1, 2});
    // AUTO mixes them: the direct forward pass with the implicit weight gradient.
    assertAgreeWithIm2col(shapes, 500, Conv2dKernels.Path.IMPLICIT, Conv2dKernels.Path.AUTO);
  }

  /** Each shape through im2col and through each path: the same outputs and gradients. */
  private static void assertAgreeWithIm2col(
      List<int[]> shapes, long seed, Conv2dKernels.Path... paths) {
    Conv2dKernels.Path saved = Conv2dKernels.path(Conv2dKernels.Path.AUTO);
    try {
      for (int[] c : shapes) {
        float[][] im2col = allPasses(c, seed, Conv2dKernels.Path.IM2COL);
        for (Conv2dKernels.Path path : paths) {
          float[][] other = allPasses(c, seed, path);
          String[] names = {"y", "dW", "dBias", "dx"};
          for (int t = 0; t < names.length; t++) {
            for (int i = 0; i < other[t].length; i++) {
              assertEquals(
                  im2col[t][i],
                  other[t][i],
                  GRAD_TOLERANCE,
                  path + " " + java.util.Arrays.toString(c) + " " + names[t] + "[" + i + "]");
            }
          }
        }
        seed++;
      }
    } finally {
      Conv2dKernels.path(saved);
    }
  }

  @Test
  void pathProperty_anyCase_parsesAndUnknownNamesTheChoices() {
    assertEquals(Conv2dKernels.Path.IM2COL, Conv2dKernels.Path.parse("im2col"));
    assertEquals(Conv2dKernels.Path.IMPLICIT, Conv2dKernels.Path.parse(" Implicit "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Conv2dKernels.Path.parse("winograd"));
    assertEquals(
        "tributary.conv.path must be one of auto, direct, implicit, im2col; got 'winograd'",
        e.getMessage());
  }

  @Test
  void digitPairLayer_implicitPath_givesTheIm2colPathsBits() {
    // The implicit path computes each output and weight gradient as the product's tile does: one
    // chain of fused multiply-adds in the same order, so the bits agree, not just the values.
    int[] c = {5, 32, 6, 6, 64, 3, 1, 0};
    Conv2dKernels.Path saved = Conv2dKernels.path(Conv2dKernels.Path.AUTO);
    try {
      float[][] implicit = allPasses(c, 77, Conv2dKernels.Path.IMPLICIT);
      float[][] im2col = allPasses(c, 77, Conv2dKernels.Path.IM2COL);
      for (int t = 0; t < implicit.length; t++) {
        assertArrayEquals(im2col[t], implicit[t], "pass " + t);
      }
    } finally {
      Conv2dKernels.path(saved);
    }
  }

  private static float[][] allPasses(int[] c, long seed, Conv2dKernels.Path path) {
    Conv2dKernels.path(path);
    Problem pr = new Problem(c, seed);
    Tensor y = pr.forward();
    Tensor dw = Tensor.zeros(pr.w.shape());
    Tensor db = Tensor.zeros(pr.out);
    Tensor dx = Tensor.zeros(pr.x.shape());
    Conv2dKernels.backwardParams(pr.g, pr.x, pr.r, dw, db, pr.scratch);
    Conv2dKernels.backwardInput(pr.g, pr.r, pr.w, dx, pr.scratch);
    return new float[][] {y.data(), dw.data(), db.data(), dx.data()};
  }
}
