package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Three fixed steps of each update against a float32 numpy transcription of the torch.optim
 * algorithm boxes (SGD, Adam, AdamW). The script, for reference:
 *
 * <pre>
 * w0 = [0.5, -1, 2, 0]; G = [[.1, -.2, .3, 0], [-.4, .5, .05, 1], [.2, .2, -.1, -.3]]
 * SGD:  g += wd*w; if mom: b = g if t == 1 else mom*b + (1-damp)*g; g = g + mom*b if nesterov
 *       else b;  w -= lr*g
 * Adam: (AdamW: w *= 1 - lr*wd) (Adam: g += wd*w); m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g;
 *       w -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)
 * </pre>
 */
class OptimizerKernelsTest {
  private static final float TOLERANCE = 2e-6f;

  /** Calls before allocation is measured: buffers grow, the pool starts, the JIT compiles. */
  private static final int ALLOCATION_WARM_UP_CALLS = 20_000;

  /** Windows measured after the warm-up; every one counts, and their sum must be exactly 0. */
  private static final int ALLOCATION_WINDOWS = 50;

  private static final float[][] GRADS = {
    {0.1f, -0.2f, 0.3f, 0f}, {-0.4f, 0.5f, 0.05f, 1f}, {0.2f, 0.2f, -0.1f, -0.3f}
  };

  private static Tensor start() {
    return Tensor.of(new float[] {0.5f, -1f, 2f, 0f}, 4);
  }

  private static Tensor grad(int step) {
    return Tensor.of(GRADS[step].clone(), 4);
  }

  @Test
  void sgd_threeSteps_matchesTorchEquations() {
    Tensor w = start();
    Tensor wd = start();
    for (int t = 0; t < 3; t++) {
      assertTrue(OptimizerKernels.sgd(w, grad(t), 0.1f, SgdSettings.PLAIN));
      OptimizerKernels.sgd(wd, grad(t), 0.1f, new SgdSettings(0.01f, 0f, 0f, false));
    }
    assertArrayEquals(new float[] {0.51000005f, -1.05f, 1.975f, -0.07f}, w.data(), TOLERANCE);
    assertArrayEquals(
        new float[] {0.50848144f, -1.046993f, 1.969071f, -0.0699f}, wd.data(), TOLERANCE);
  }

  @Test
  void sgdMomentum_firstStepInitialisesBuffer_matchesTorchEquations() {
    Tensor w = start();
    Tensor b = Tensor.zeros(4);
    Tensor w2 = start();
    Tensor b2 = Tensor.zeros(4);
    for (int t = 0; t < 3; t++) {
      OptimizerKernels.sgdMomentum(
          w, grad(t), b, 0.1f, new SgdSettings(0f, 0.9f, 0f, false), t == 0);
      OptimizerKernels.sgdMomentum(
          w2, grad(t), b2, 0.1f, new SgdSettings(0.01f, 0.9f, 0.1f, false), t == 0);
    }
    assertArrayEquals(new float[] {0.5289f, -1.0608f, 1.9192001f, -0.16f}, w.data(), TOLERANCE);
    // momentum 0.9, dampening 0.1, weight decay 0.01
    assertArrayEquals(
        new float[] {0.5206439f, -1.0440121f, 1.9086251f, -0.14391899f}, w2.data(), TOLERANCE);
  }

  @Test
  void sgdNesterov_threeSteps_matchesTorchEquations() {
    Tensor w = start();
    Tensor b = Tensor.zeros(4);
    Tensor w2 = start();
    Tensor b2 = Tensor.zeros(4);
    for (int t = 0; t < 3; t++) {
      OptimizerKernels.sgdMomentum(
          w, grad(t), b, 0.1f, new SgdSettings(0f, 0.9f, 0f, true), t == 0);
      OptimizerKernels.sgdMomentum(
          w2, grad(t), b2, 0.1f, new SgdSettings(0.01f, 0.9f, 0f, true), t == 0);
    }
    assertArrayEquals(
        new float[] {0.53601f, -1.10472f, 1.90228f, -0.21399999f}, w.data(), TOLERANCE);
    assertArrayEquals(
        new float[] {0.53195095f, -1.0967102f, 1.8865366f, -0.21363899f}, w2.data(), TOLERANCE);
  }

  @Test
  void adam_threeSteps_matchesTorchEquations() {
    Tensor w = start();
    Tensor m = Tensor.zeros(4);
    Tensor v = Tensor.zeros(4);
    Tensor w2 = start();
    Tensor m2 = Tensor.zeros(4);
    Tensor v2 = Tensor.zeros(4);
    for (int t = 0; t < 3; t++) {
      OptimizerKernels.adam(
          w, grad(t), m, v, 0.01f, new AdamSettings(0.9f, 0.999f, 1e-8f, 0f, 0f), t + 1);
      OptimizerKernels.adam(
          w2, grad(t), m2, v2, 0.05f, new AdamSettings(0.8f, 0.99f, 1e-6f, 0.1f, 0f), t + 1);
    }
    assertArrayEquals(
        new float[] {0.49669677f, -0.9998516f, 1.9784123f, -0.01111429f}, w.data(), TOLERANCE);
    assertArrayEquals(
        new float[] {0.46931383f, -0.97913444f, 1.8661199f, -0.05602488f}, w2.data(), TOLERANCE);
  }

  @Test
  void adamW_threeSteps_decoupledDecayMatchesTorchEquations() {
    Tensor w = start();
    Tensor m = Tensor.zeros(4);
    Tensor v = Tensor.zeros(4);
    for (int t = 0; t < 3; t++) {
      OptimizerKernels.adam(
          w, grad(t), m, v, 0.01f, new AdamSettings(0.9f, 0.999f, 1e-8f, 0f, 0.1f), t + 1);
    }
    assertArrayEquals(
        new float[] {0.49521267f, -0.9968702f, 1.9724462f, -0.01110685f}, w.data(), TOLERANCE);
  }

  @Test
  void sgd_overflowingUpdate_reportsNonFinite() {
    Tensor w = Tensor.of(new float[] {3e38f, 0f}, 2);
    assertFalse(
        OptimizerKernels.sgd(w, Tensor.of(new float[] {-1f, 0f}, 2), 1e38f, SgdSettings.PLAIN));
  }

  @Test
  void adam_longVectors_sameBitsAsTheDocumentedLoop() {
    // AdamW decay and L2 both on.
    int n = LONG;
    float[] w0 = gaussian(n, 8, 1f);
    float[] g = gaussian(n, 108, 0.1f);
    Tensor w = Tensor.of(w0.clone(), n);
    Tensor m = Tensor.zeros(n);
    Tensor v = Tensor.zeros(n);
    float[] rw = w0.clone();
    float[] rm = new float[n];
    float[] rv = new float[n];
    float lr = 1e-3f;
    float b1 = 0.9f;
    float b2 = 0.999f;
    float eps = 1e-8f;
    float l2 = 1e-4f;
    float decoupled = 1e-2f;
    for (long step = 1; step <= 3; step++) {
      assertTrue(
          OptimizerKernels.adam(
              w, Tensor.of(g, n), m, v, lr, new AdamSettings(b1, b2, eps, l2, decoupled), step));
      float stepSize = (float) (lr / (1 - Math.pow(b1, (double) step)));
      float sqrtBias2 = (float) Math.sqrt(1 - Math.pow(b2, (double) step));
      for (int i = 0; i < n; i++) {
        float wi = rw[i] * (1 - lr * decoupled);
        float gi = g[i] + l2 * wi;
        rm[i] = b1 * rm[i] + (1 - b1) * gi;
        rv[i] = b2 * rv[i] + (1 - b2) * gi * gi;
        rw[i] = wi - stepSize * (rm[i] / ((float) Math.sqrt(rv[i]) / sqrtBias2 + eps));
      }
    }
    assertArrayEquals(rw, w.data(), 0f);
    assertArrayEquals(rm, m.data(), 0f);
    assertArrayEquals(rv, v.data(), 0f);
  }

  @Test
  void adam_overflowInTheVectorPart_reportsNonFinite() {
    float[] w0 = new float[40];
    w0[3] = Float.NaN;
    Tensor w = Tensor.of(w0, 40);
    assertFalse(
        OptimizerKernels.adam(
            w,
            Tensor.zeros(40),
            Tensor.zeros(40),
            Tensor.zeros(40),
            1e-3f,
            new AdamSettings(0.9f, 0.999f, 1e-8f, 0f, 0f),
            1));
  }

  @Test
  void sgd_longVectors_sameBitsAsTheDocumentedLoop() {
    int n = LONG;
    float[] w0 = gaussian(n, 9, 1f);
    float[] g = gaussian(n, 109, 0.1f);
    Tensor w = Tensor.of(w0.clone(), n);
    float[] expected = w0.clone();
    assertTrue(
        OptimizerKernels.sgd(w, Tensor.of(g, n), 0.05f, new SgdSettings(1e-3f, 0f, 0f, false)));
    for (int i = 0; i < n; i++) {
      expected[i] = expected[i] - 0.05f * (g[i] + 1e-3f * expected[i]);
    }
    assertArrayEquals(expected, w.data(), 0f);
    float[] bad = new float[40];
    bad[17] = Float.POSITIVE_INFINITY;
    assertFalse(
        OptimizerKernels.sgd(Tensor.of(bad, 40), Tensor.zeros(40), 0.1f, SgdSettings.PLAIN));
  }

  @Test
  void everyKernel_longTensorOnTwoThreads_sameBitsAsOneThreadAndAllocatesNothing() {
    int n = 2 * Sweeps.PARALLEL_MIN + 37; // split between two threads, with a ragged end
    float[] w0 = gaussian(n, 14, 1f);
    float[] g = gaussian(n, 114, 0.1f);
    int saved = Kernels.threads();
    try {
      for (int kernel = 0; kernel < 4; kernel++) {
        Kernels.setThreads(1);
        Tensor one = Tensor.of(w0.clone(), n);
        assertTrue(update(kernel, one, g));
        Kernels.setThreads(2);
        Tensor two = Tensor.of(w0.clone(), n);
        assertTrue(update(kernel, two, g));
        assertArrayEquals(one.data(), two.data(), 0f, "kernel " + kernel);
      }
      Tensor grad = Tensor.of(g.clone(), n);
      Elementwise.fill(grad, 0.25f);
      for (float x : grad.data()) {
        assertTrue(x == 0.25f);
      }
      Tensor w = Tensor.of(w0.clone(), n);
      for (int i = 0; i < ALLOCATION_WARM_UP_CALLS; i++) {
        OptimizerKernels.sgd(w, grad, 1e-6f, SgdSettings.PLAIN);
        Elementwise.fill(grad, 0.25f);
      }
      AllocationMeter meter = AllocationMeter.ofWorkers();
      for (int window = 0; window < ALLOCATION_WINDOWS; window++) {
        meter.start();
        for (int i = 0; i < 5; i++) {
          OptimizerKernels.sgd(w, grad, 1e-6f, SgdSettings.PLAIN);
          Elementwise.fill(grad, 0.25f);
        }
        meter.stop();
      }
      assertTrue(meter.helperThreads() >= 1, "the sweeps ran on a helper: " + meter.summary());
      assertEquals(0, meter.total(), "sweeps on every thread: " + meter.summary());
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void sgd_settingsWithMomentum_throwsPointingToSgdMomentum() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OptimizerKernels.sgd(
                    Tensor.zeros(5), Tensor.zeros(5), 0.1f, new SgdSettings(0f, 0.9f, 0f, false)));
    assertEquals(
        "sgd: the settings have momentum 0.9; call sgdMomentum with a buffer, or use momentum 0",
        e.getMessage());
  }

  @Test
  void settings_outOfRange_throwNamingTheField() {
    IllegalArgumentException beta =
        assertThrows(
            IllegalArgumentException.class, () -> new AdamSettings(1f, 0.999f, 1e-8f, 0f, 0f));
    assertEquals(
        "AdamSettings: betas are (1.0, 0.999); pass values in [0, 1), e.g. (0.9, 0.999)",
        beta.getMessage());
    IllegalArgumentException decay =
        assertThrows(IllegalArgumentException.class, () -> new SgdSettings(-1f, 0f, 0f, false));
    assertEquals("SgdSettings: weightDecay is -1.0; pass a finite value ≥ 0", decay.getMessage());
  }

  /** One step of kernel 0 SGD, 1 momentum, 2 Nesterov, 3 AdamW with L2, from fresh state. */
  private static boolean update(int kernel, Tensor w, float[] g) {
    int n = w.size();
    Tensor grad = Tensor.of(g.clone(), n);
    Tensor buffer = Tensor.of(gaussian(n, 11, 0.01f), n);
    return switch (kernel) {
      case 0 -> OptimizerKernels.sgd(w, grad, 0.05f, new SgdSettings(1e-3f, 0f, 0f, false));
      case 1 ->
          OptimizerKernels.sgdMomentum(
              w, grad, buffer, 0.05f, new SgdSettings(1e-3f, 0.9f, 0.1f, false), false);
      case 2 ->
          OptimizerKernels.sgdMomentum(
              w, grad, buffer, 0.05f, new SgdSettings(1e-3f, 0.9f, 0f, true), false);
      default ->
          OptimizerKernels.adam(
              w,
              grad,
              Tensor.of(gaussian(n, 12, 0.01f), n),
              Tensor.of(squares(gaussian(n, 13, 0.001f)), n),
              1e-3f,
              new AdamSettings(0.9f, 0.999f, 1e-8f, 1e-4f, 1e-2f),
              2);
    };
  }

  private static float[] squares(float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= x[i];
    }
    return x;
  }

  /** Long enough for the Vector API path (when present) plus a scalar tail. */
  private static final int LONG = 1003;

  private static float[] gaussian(int n, long seed, float scale) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian() * scale;
    }
    return x;
  }
}
