package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Zero bytes allocated by a steady-state "training step" of every convolution-family kernel, on two
 * threads, counted as issue 17 asks: the calling thread plus every helper thread of the pool (by
 * id), summed over every measured window, passing only at exactly zero.
 *
 * <p>Warm-up: at least {@link #WARM_UP_STEPS} steps, then on until {@link #CLEAN_WINDOWS_TO_SETTLE}
 * windows in a row allocate nothing (at most {@link #MAX_WARM_UP_WINDOWS}). On a loaded machine C2
 * finishes compiling the Vector API loops late, and until it does their interpreted or C1 code
 * boxes every vector; those bytes are the JIT's warm-up, not the kernels'. The measured windows
 * that follow must then all be clean.
 */
class ConvAllocationTest {
  private static final int WARM_UP_STEPS = 400;
  private static final int CLEAN_WINDOWS_TO_SETTLE = 10;
  private static final int MAX_WARM_UP_WINDOWS = 400;
  private static final int WINDOWS = 10;
  private static final int STEPS_PER_WINDOW = 10;

  /** The tensors of a small convolutional network's layers, sized to use both threads. */
  private static final class Step {
    final ConvGeometry conv = new ConvGeometry(6, 12, 12, 5, 1, 2);
    final ConvGeometry pool = new ConvGeometry(16, 12, 12, 2, 2, 0);
    final int batch = 16;
    final Tensor x;
    final Tensor w;
    final Tensor b;
    final Tensor y = Tensor.zeros(16, 16, 12, 12);
    final Tensor dy;
    final Tensor dw = Tensor.zeros(16, 6, 5, 5);
    final Tensor db = Tensor.zeros(16);
    final Tensor dx = Tensor.zeros(16, 6, 12, 12);
    final float[] scratch;
    final Tensor gamma = Tensor.zeros(16);
    final Tensor beta = Tensor.zeros(16);
    final Tensor bn = Tensor.zeros(16, 16, 12, 12);
    final Tensor dbn = Tensor.zeros(16, 16, 12, 12);
    final Tensor dGamma = Tensor.zeros(16);
    final Tensor dBeta = Tensor.zeros(16);
    final Tensor runningMean = Tensor.zeros(16);
    final Tensor runningVar = Tensor.zeros(16);
    final float[] mean = new float[16];
    final float[] var = new float[16];
    final float[] invStd = new float[16];
    final Tensor pooled = Tensor.zeros(16, 16, 6, 6);
    final Tensor dPooled;
    final int[] argmax = new int[16 * 16 * 36];
    final float[] mask = new float[16 * 16 * 36];
    final Tensor dropped = Tensor.zeros(16, 16, 6, 6);
    final SplittableRandom rng = new SplittableRandom(3);
    final Tensor logits;
    final Tensor probs = Tensor.zeros(16, 10);
    final Tensor dProbs = Tensor.zeros(16, 10);

    Step() {
      Random r = new Random(71);
      x = ConvReference.random(r, 16, 6, 12, 12);
      w = ConvReference.random(r, 16, 6, 5, 5);
      b = ConvReference.random(r, 16);
      dy = ConvReference.random(r, 16, 16, 12, 12);
      dPooled = ConvReference.random(r, 16, 16, 6, 6);
      logits = ConvReference.random(r, 16, 10);
      scratch = new float[Conv2dKernels.scratchSize(conv, 16, batch)];
      Elementwise.fill(gamma, 1f);
      Elementwise.fill(runningVar, 1f);
    }

    void run() {
      Conv2dKernels.forward(conv, x, w, b, y, scratch);
      BatchNormKernels.trainForward(y, gamma, beta, 1e-5f, bn, mean, var, invStd);
      BatchNormKernels.updateRunning(mean, var, batch * 144, 0.1f, runningMean, runningVar);
      PoolKernels.maxForward(pool, bn, pooled, argmax);
      PoolKernels.avgForward(pool, bn, pooled);
      DropoutKernels.forward(pooled, 0.3f, rng, mask, dropped);
      SoftmaxKernels.forward(logits, probs);
      SoftmaxKernels.backward(probs, logits, dProbs);
      DropoutKernels.backward(dPooled, mask, dPooled);
      PoolKernels.maxBackward(pool, dPooled, argmax, dbn);
      PoolKernels.avgBackward(pool, dPooled, dbn);
      BatchNormKernels.trainBackward(y, dbn, gamma, mean, invStd, dy, dGamma, dBeta);
      BatchNormKernels.evalForward(y, gamma, beta, runningMean, runningVar, 1e-5f, bn);
      BatchNormKernels.evalBackward(
          y, dbn, gamma, runningMean, runningVar, 1e-5f, dy, dGamma, dBeta);
      Conv2dKernels.backwardParams(conv, x, dy, dw, db, scratch);
      Conv2dKernels.backwardInput(conv, dy, w, dx, scratch);
      // Keep the values bounded over thousands of steps.
      Elementwise.fill(dbn, 0f);
      Elementwise.scale(0f, dy);
      Elementwise.scale(0f, dx);
    }
  }

  /** Runs one window of steps and returns the bytes every thread in {@code ids} allocated. */
  private static long window(com.sun.management.ThreadMXBean mx, long[] ids, Step step) {
    long total = 0;
    for (long id : ids) {
      total -= mx.getThreadAllocatedBytes(id);
    }
    for (int i = 0; i < STEPS_PER_WINDOW; i++) {
      step.run();
    }
    for (long id : ids) {
      total += mx.getThreadAllocatedBytes(id);
    }
    return total;
  }

  @Test
  void everyKernel_twoThreadsSteadyState_allocatesZeroBytesOnEveryThread() {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(2);
      Step step = new Step();
      for (int i = 0; i < WARM_UP_STEPS; i++) {
        step.run();
      }
      long[] helpers = Kernels.helperThreadIds();
      assertTrue(helpers.length >= 1, "the step should have used the pool's helper thread");
      long[] ids = new long[helpers.length + 1];
      ids[0] = Thread.currentThread().getId();
      System.arraycopy(helpers, 0, ids, 1, helpers.length);
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      int clean = 0;
      for (int w = 0; w < MAX_WARM_UP_WINDOWS && clean < CLEAN_WINDOWS_TO_SETTLE; w++) {
        clean = window(mx, ids, step) == 0 ? clean + 1 : 0;
      }
      long[] before = new long[ids.length];
      long[] after = new long[ids.length];
      long total = 0;
      StringBuilder windows = new StringBuilder();
      for (int window = 0; window < WINDOWS; window++) {
        for (int t = 0; t < ids.length; t++) {
          before[t] = mx.getThreadAllocatedBytes(ids[t]);
        }
        for (int i = 0; i < STEPS_PER_WINDOW; i++) {
          step.run();
        }
        for (int t = 0; t < ids.length; t++) {
          after[t] = mx.getThreadAllocatedBytes(ids[t]);
        }
        for (int t = 0; t < ids.length; t++) {
          total += after[t] - before[t];
          windows.append(after[t] - before[t]).append(t == ids.length - 1 ? "; " : ", ");
        }
      }
      assertEquals(
          0,
          total,
          "bytes allocated over "
              + WINDOWS * STEPS_PER_WINDOW
              + " steps by the caller and the helpers, per window: "
              + windows);
    } finally {
      Kernels.setThreads(saved);
    }
  }
}
