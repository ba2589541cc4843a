package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The kernel dispatch follows the boot module layer. Surefire runs this class twice: with {@code
 * --add-modules jdk.incubator.vector} (expecting the vector path) and without the module and with
 * {@code -Dtributary.expect.vector=false} (expecting the scalar path, and no Vector API class
 * touched on the way).
 */
class KernelDispatchTest {
  private static final float TOLERANCE = 1e-6f;

  private static boolean expectVector() {
    return !"false".equals(System.getProperty("tributary.expect.vector"));
  }

  @Test
  void vectorized_followsModulePresence_asTheRunExpects() {
    assertEquals(expectVector(), Kernels.vectorized());
    assertEquals(expectVector() ? KernelPath.VECTOR : KernelPath.SCALAR, Kernels.active());
    assertEquals(expectVector(), KernelPath.VECTOR.available());
    assertTrue(KernelPath.SCALAR.available());
  }

  @Test
  void matMul_onActivePath_computesProduct() {
    // [[1, 2, 3]]·[[1], [0], [-1]] = 1 - 3 = -2; large enough a second call crosses threads.
    Tensor c =
        MatMul.ab(
            Tensor.ofRows(new float[] {1, 2, 3}),
            Tensor.ofRows(new float[] {1}, new float[] {0}, new float[] {-1}),
            Tensor.zeros(1, 1));
    assertEquals(-2f, c.get(0, 0), TOLERANCE);
    int n = 200;
    Tensor a = Tensor.zeros(n, n);
    Tensor eye = Tensor.zeros(n, n);
    for (int i = 0; i < n; i++) {
      eye.set(1f, i, i);
      for (int j = 0; j < n; j++) {
        a.set(i - 0.5f * j, i, j);
      }
    }
    assertEquals(a, MatMul.ab(a, eye, Tensor.zeros(n, n)));
  }

  @Test
  void setThreads_roundTripsAndRejectsZero() {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(3);
      assertEquals(3, Kernels.threads());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
      assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    } finally {
      Kernels.setThreads(saved);
    }
  }
}
