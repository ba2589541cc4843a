package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Softmax over rows against double precision, large inputs, backward by finite differences. */
class SoftmaxKernelsTest {
  /** Probabilities rounded once to float from double. */
  private static final double TOLERANCE = 1e-7;

  private static final double FD_STEP = 1e-5;

  private static final double GRAD_TOLERANCE = 1e-6;

  private static double[] reference(double[] x, int rows, int f) {
    double[] y = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < f; j++) {
        max = Math.max(max, x[r * f + j]);
      }
      double sum = 0;
      for (int j = 0; j < f; j++) {
        sum += Math.exp(x[r * f + j] - max);
      }
      for (int j = 0; j < f; j++) {
        y[r * f + j] = Math.exp(x[r * f + j] - max) / sum;
      }
    }
    return y;
  }

  @Test
  void forward_randomRows_matchesDoubleReference() {
    Tensor x = ConvReference.random(new Random(61), 7, 10);
    Elementwise.scale(5f, x);
    Tensor y = Tensor.zeros(7, 10);
    SoftmaxKernels.forward(x, y);
    double[] expected = reference(ConvReference.toDouble(x), 7, 10);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], y.data()[i], TOLERANCE, "y[" + i + "]");
    }
  }

  @Test
  void forward_hugeLogits_noOverflow() {
    // exp(1000) overflows; with the row max subtracted the row is [e^-1, 1]/(1 + e^-1).
    Tensor y = Tensor.zeros(1, 2);
    SoftmaxKernels.forward(Tensor.of(new float[] {1000, 1001}, 1, 2), y);
    double e = Math.exp(-1);
    assertArrayEquals(
        new float[] {(float) (e / (1 + e)), (float) (1 / (1 + e))}, y.data(), (float) TOLERANCE);
  }

  @Test
  void forward_inPlace_overwritesInput() {
    Tensor x = Tensor.of(new float[] {0, 0, 0, 0}, 2, 2);
    SoftmaxKernels.forward(x, x);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, x.data(), 0f);
  }

  @Test
  void backward_randomRows_matchesFiniteDifferencesAndAccumulates() {
    int rows = 4;
    int f = 6;
    Tensor x = ConvReference.random(new Random(62), rows, f);
    Tensor r = ConvReference.random(new Random(63), rows, f);
    Tensor y = Tensor.zeros(rows, f);
    SoftmaxKernels.forward(x, y);
    Tensor dx = Tensor.zeros(rows, f);
    Elementwise.fill(dx, 1f);
    SoftmaxKernels.backward(y, r, dx);
    double[] xd = ConvReference.toDouble(x);
    double[] rd = ConvReference.toDouble(r);
    for (int i = 0; i < xd.length; i++) {
      double saved = xd[i];
      xd[i] = saved + FD_STEP;
      double up = ConvReference.dot(reference(xd, rows, f), rd);
      xd[i] = saved - FD_STEP;
      double down = ConvReference.dot(reference(xd, rows, f), rd);
      xd[i] = saved;
      assertEquals(1 + (up - down) / (2 * FD_STEP), dx.data()[i], GRAD_TOLERANCE, "dx[" + i + "]");
    }
  }

  @Test
  void forward_notMatrix_namesX() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SoftmaxKernels.forward(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4)));
    assertTrue(e.getMessage().contains("x must be a matrix"), e.getMessage());
  }
}
