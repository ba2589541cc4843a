package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Element-wise kernels: hand-worked values, accuracy of tanh and sigmoid against double precision,
 * derivative kernels against central finite differences, accumulation and shape errors.
 */
class ElementwiseTest {
  private static final float EXACT = 0f;
  private static final float TOLERANCE = 1e-6f;

  /** sigmoid is the float rounding of the double result: within one ulp of it. */
  private static final int MAX_ULPS = 1;

  /**
   * tanh is evaluated in float arithmetic: at most 1.31 ulp from the exact value over every 7th
   * float in [0, 12] (a correctly rounded result would be within 0.5).
   */
  private static final double MAX_TANH_ULPS = 1.32;

  /** Step of the central difference, in double precision: error O(h²) ≈ 1e-8. */
  private static final double FD_STEP = 1e-4;

  private static final double FD_TOLERANCE = 1e-5;

  private static Tensor vec(float... values) {
    return Tensor.of(values, values.length);
  }

  @Test
  void relu_mixedSigns_clampsNegativesToZero() {
    Tensor out = Tensor.zeros(4);
    assertSame(out, Elementwise.relu(vec(-2, -0f, 0.5f, 3), out));
    assertArrayEquals(new float[] {0, 0, 0.5f, 3}, out.data(), EXACT);
  }

  @Test
  void relu_inPlace_overwritesInput() {
    Tensor x = vec(-1, 2);
    Elementwise.relu(x, x);
    assertArrayEquals(new float[] {0, 2}, x.data(), EXACT);
  }

  @Test
  void reluBackward_outputZeroOrPositive_gatesOnOutputAndAccumulates() {
    // The gate is out > 0: an output of exactly 0 passes no gradient.
    Tensor gradIn = vec(1, 1, 1);
    Elementwise.reluBackward(vec(0, 2, 0.1f), vec(5, 6, 7), gradIn);
    assertArrayEquals(new float[] {1, 7, 8}, gradIn.data(), EXACT);
  }

  @Test
  void tanh_handWorkedValues() {
    Tensor out = Elementwise.tanh(vec(0, 1, -1, 20), Tensor.zeros(4));
    assertArrayEquals(new float[] {0, 0.7615942f, -0.7615942f, 1}, out.data(), TOLERANCE);
  }

  @Test
  void tanh_randomInputs_withinTanhBoundOfExactValue() {
    Random rng = new Random(3);
    float[] xs = new float[100_000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (rng.nextGaussian() * (i % 2 == 0 ? 0.7 : 6));
    }
    Tensor t = Elementwise.tanh(vec(xs), Tensor.zeros(xs.length));
    for (int i = 0; i < xs.length; i++) {
      double exact = Math.tanh(xs[i]);
      double ulps = Math.abs(t.data()[i] - exact) / Math.ulp((float) exact);
      assertTrue(ulps <= MAX_TANH_ULPS, "tanh " + xs[i] + ": " + ulps + " ulp");
    }
  }

  @Test
  void tanh_tensorAndScalarVersions_bitwiseIdentical() {
    // The tensor version runs the Vector API twin when the module is present: same operations.
    Random rng = new Random(4);
    float[] xs = new float[1003];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (rng.nextGaussian() * (i % 2 == 0 ? 0.7 : 6));
    }
    Tensor t = Elementwise.tanh(vec(xs), Tensor.zeros(xs.length));
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Elementwise.tanh(xs[i]), t.data()[i], EXACT, "tanh " + xs[i]);
    }
  }

  @Test
  void tanh_specialValuesInWholeVectors_sameBitsAsScalar() {
    // Sixteen values: whole vectors, so the Vector API twin (when present) computes every one.
    float[] xs = {
      -0f,
      0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      1e-30f,
      -1e-30f,
      0.6249999f,
      -0.6249999f,
      0.625f,
      -0.625f,
      9.5f,
      -9.5f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY
    };
    float[] out = Elementwise.tanh(vec(xs), Tensor.zeros(xs.length)).data();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(Elementwise.tanh(xs[i])),
          Float.floatToRawIntBits(out[i]),
          "tanh " + xs[i]);
    }
    float[] nans = new float[16];
    java.util.Arrays.fill(nans, Float.NaN);
    float[] nan = Elementwise.tanh(vec(nans), Tensor.zeros(16)).data();
    for (float v : nan) {
      assertTrue(Float.isNaN(v), "NaN stays NaN");
    }
  }

  @Test
  void tanh_specialValues() {
    Tensor out =
        Elementwise.tanh(
            vec(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 9.5f, -1e-30f),
            Tensor.zeros(6));
    float[] o = out.data();
    assertTrue(Float.isNaN(o[0]), "NaN stays NaN");
    assertEquals(1f, o[1], EXACT);
    assertEquals(-1f, o[2], EXACT);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(o[3]), "tanh(-0) = -0");
    assertEquals(1f, o[4], EXACT, "tanh(9.5) rounds to 1 in float");
    assertEquals(-1e-30f, o[5], EXACT);
  }

  @Test
  void sigmoid_randomInputs_withinOneUlpOfDouble() {
    Random rng = new Random(3);
    float[] xs = new float[10_000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (rng.nextGaussian() * 6);
    }
    Tensor s = Elementwise.sigmoid(vec(xs), Tensor.zeros(xs.length));
    for (int i = 0; i < xs.length; i++) {
      float sig = (float) (1 / (1 + Math.exp(-(double) xs[i])));
      assertTrue(Math.abs(s.data()[i] - sig) <= MAX_ULPS * Math.ulp(sig), "sigmoid " + xs[i]);
    }
  }

  @Test
  void sigmoid_extremeInputs_noOverflowAndSaturates() {
    Tensor out = Elementwise.sigmoid(vec(-1000, -50, 0, 50, 1000), Tensor.zeros(5));
    assertEquals(0f, out.data()[0], EXACT);
    assertTrue(out.data()[1] > 0 && out.data()[1] < 1e-20, "sigmoid(-50) = " + out.data()[1]);
    assertEquals(0.5f, out.data()[2], EXACT);
    assertEquals(1f, out.data()[3], EXACT);
    assertEquals(1f, out.data()[4], EXACT);
    assertEquals(0.7310586f, Elementwise.sigmoid(1f), TOLERANCE);
  }

  @Test
  void tanhBackward_finiteDifference_matchesDerivative() {
    Random rng = new Random(4);
    for (int i = 0; i < 100; i++) {
      double x = rng.nextGaussian() * 2;
      float y = (float) Math.tanh(x);
      Tensor gradIn = vec(0.25f);
      Elementwise.tanhBackward(vec(y), vec(1), gradIn);
      double fd = (Math.tanh(x + FD_STEP) - Math.tanh(x - FD_STEP)) / (2 * FD_STEP);
      assertEquals(0.25 + fd, gradIn.data()[0], FD_TOLERANCE, "x = " + x);
    }
  }

  @Test
  void sigmoidBackward_finiteDifference_matchesDerivative() {
    Random rng = new Random(5);
    for (int i = 0; i < 100; i++) {
      double x = rng.nextGaussian() * 3;
      Tensor gradIn = vec(-1f);
      Elementwise.sigmoidBackward(vec(Elementwise.sigmoid((float) x)), vec(2), gradIn);
      double fd = (sig(x + FD_STEP) - sig(x - FD_STEP)) / (2 * FD_STEP);
      assertEquals(-1 + 2 * fd, gradIn.data()[0], 2 * FD_TOLERANCE, "x = " + x);
    }
  }

  private static double sig(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void add_twoVectors_sumAndAliasingAllowed() {
    Tensor a = vec(1, 2);
    assertArrayEquals(new float[] {4, 6}, Elementwise.add(a, vec(3, 4), Tensor.zeros(2)).data());
    Elementwise.add(a, a, a);
    assertArrayEquals(new float[] {2, 4}, a.data(), EXACT);
  }

  @Test
  void axpy_alpha_addsScaledX() {
    Tensor y = vec(1, 1);
    Elementwise.axpy(-0.5f, vec(2, 4), y);
    assertArrayEquals(new float[] {0, -1}, y.data(), EXACT);
  }

  @Test
  void scaleFill_basicOperations() {
    Tensor x = vec(1, -2);
    assertArrayEquals(new float[] {3, -6}, Elementwise.scale(3, x).data(), EXACT);
    assertArrayEquals(new float[] {7, 7}, Elementwise.fill(x, 7).data(), EXACT);
  }

  @Test
  void allFinite_nanOrInfinity_false() {
    assertTrue(Elementwise.allFinite(vec(1, -3e38f)));
    assertFalse(Elementwise.allFinite(vec(1, Float.NaN)));
    assertFalse(Elementwise.allFinite(vec(Float.NEGATIVE_INFINITY)));
  }

  @Test
  void kernels_shapeMismatch_throwNamingKernelAndShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Elementwise.relu(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    assertTrue(e.getMessage().startsWith("relu:"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Elementwise.tanhBackward(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Elementwise.axpy(1, Tensor.zeros(2), Tensor.zeros(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Elementwise.add(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(2)));
  }
}
