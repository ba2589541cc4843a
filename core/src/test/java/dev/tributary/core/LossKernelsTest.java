package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Loss kernels against values worked by hand (the comments show the arithmetic), and the 0-1
 * decision counts.
 */
class LossKernelsTest {
  private static final float TOLERANCE = 1e-6f;

  private static Tensor vec(float... values) {
    return Tensor.of(values, values.length);
  }

  @Test
  void mse_handWorkedValues_lossAndGradient() {
    // d = p − t = [−0.5, 0, 1, −1]; L = (0.25 + 0 + 1 + 1) / 4; grad = 2d / 4.
    Tensor grad = Tensor.zeros(4);
    float loss = LossKernels.mse(vec(1, 2, 3, 4), vec(1.5f, 2, 2, 5), grad);
    assertEquals(0.5625f, loss, TOLERANCE);
    assertArrayEquals(new float[] {-0.25f, 0f, 0.5f, -0.5f}, grad.data(), TOLERANCE);
  }

  @Test
  void l1_zeroDifference_subgradientIsZero() {
    // |d| = [0.5, 0, 1, 1] → L = 2.5 / 4; grad = sign(d) / 4 with sign(0) = 0 as PyTorch.
    Tensor grad = Tensor.zeros(4);
    float loss = LossKernels.l1(vec(1, 2, 3, 4), vec(1.5f, 2, 2, 5), grad);
    assertEquals(0.625f, loss, TOLERANCE);
    assertArrayEquals(new float[] {-0.25f, 0f, 0.25f, -0.25f}, grad.data(), TOLERANCE);
  }

  @Test
  void binaryCrossEntropy_handWorkedValues_lossAndGradient() {
    // L = −(log 0.8 + log 0.7) / 2; grad = (p − t) / (p(1 − p)) / 2.
    Tensor grad = Tensor.zeros(2);
    float loss = LossKernels.binaryCrossEntropy(vec(0.8f, 0.3f), vec(1, 0), grad);
    assertEquals(0.28990924f, loss, TOLERANCE);
    assertArrayEquals(new float[] {-0.625f, 0.71428573f}, grad.data(), 1e-5f);
  }

  @Test
  void binaryCrossEntropy_certainAndWrong_logClampedAt100() {
    Tensor grad = Tensor.zeros(2);
    float loss = LossKernels.binaryCrossEntropy(vec(0f, 1f), vec(1, 0), grad);
    assertEquals(100f, loss, TOLERANCE);
    // (p − t) / max(p(1 − p), 1e-12) / 2 = ∓5e11: large but finite.
    assertEquals(-5e11, grad.data()[0], 1e6);
    assertEquals(5e11, grad.data()[1], 1e6);
  }

  @Test
  void binaryCrossEntropy_predictionAboveOne_throwsNamingElement() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossKernels.binaryCrossEntropy(vec(0.5f, 1.5f), vec(1, 0), Tensor.zeros(2)));
    assertTrue(e.getMessage().contains("element 1"), e.getMessage());
    assertTrue(e.getMessage().contains("Sigmoid"), e.getMessage());
  }

  @Test
  void binaryCrossEntropyWithLogits_handWorkedValues_lossAndGradient() {
    // x = 0, t = 1: log 2; x = 2, t = 0: 2 + log(1 + e^−2). grad = (σ(x) − t) / 2.
    Tensor grad = Tensor.zeros(2);
    float loss = LossKernels.binaryCrossEntropyWithLogits(vec(0, 2), vec(1, 0), grad);
    assertEquals(1.4100376f, loss, TOLERANCE);
    assertArrayEquals(new float[] {-0.25f, 0.44039854f}, grad.data(), TOLERANCE);
  }

  @Test
  void binaryCrossEntropyWithLogits_hugeLogits_finite() {
    Tensor grad = Tensor.zeros(2);
    float loss = LossKernels.binaryCrossEntropyWithLogits(vec(1000, -1000), vec(0, 1), grad);
    assertEquals(1000f, loss, TOLERANCE);
    assertArrayEquals(new float[] {0.5f, -0.5f}, grad.data(), TOLERANCE);
  }

  @Test
  void crossEntropy_oneHot_matchesLogSoftmax() {
    // Row 0: logits [1, 2, 3], class 2: log Σe^x − 3 = 0.40760596. Row 1: [0, 0, 0], class 0:
    // log 3. Mean over the batch of 2; grad = (softmax − onehot) / 2.
    Tensor logits = Tensor.ofRows(new float[] {1, 2, 3}, new float[] {0, 0, 0});
    Tensor target = Tensor.ofRows(new float[] {0, 0, 1}, new float[] {1, 0, 0});
    Tensor grad = Tensor.zeros(2, 3);
    float loss = LossKernels.crossEntropy(logits, target, grad);
    assertEquals(0.75310916f, loss, TOLERANCE);
    float third = 1f / 3;
    assertArrayEquals(
        new float[] {
          0.09003057f / 2, 0.24472848f / 2, (0.66524094f - 1) / 2,
          (third - 1) / 2, third / 2, third / 2
        },
        grad.data(),
        TOLERANCE);
  }

  @Test
  void crossEntropyIndices_sameAsOneHot() {
    Tensor logits = Tensor.ofRows(new float[] {1, 2, 3}, new float[] {0, 0, 0});
    Tensor oneHot = Tensor.ofRows(new float[] {0, 0, 1}, new float[] {1, 0, 0});
    Tensor g1 = Tensor.zeros(2, 3);
    Tensor g2 = Tensor.zeros(2, 3);
    float a = LossKernels.crossEntropy(logits, oneHot, g1);
    float b = LossKernels.crossEntropyIndices(logits, Tensor.of(new float[] {2, 0}, 2, 1), g2);
    assertEquals(a, b, TOLERANCE);
    assertArrayEquals(g1.data(), g2.data(), TOLERANCE);
  }

  @Test
  void crossEntropyIndices_hugeLogits_stable() {
    Tensor logits = Tensor.ofRows(new float[] {1000, 0}, new float[] {1000, 0});
    Tensor grad = Tensor.zeros(2, 2);
    float loss = LossKernels.crossEntropyIndices(logits, vec(0, 1), grad);
    assertEquals(500f, loss, TOLERANCE); // (0 + 1000) / 2
    assertArrayEquals(new float[] {0, 0, 0.5f, -0.5f}, grad.data(), TOLERANCE);
  }

  @Test
  void crossEntropyIndices_fractionalIndex_throwsNamingRow() {
    Tensor logits = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossKernels.crossEntropyIndices(logits, vec(0, 1.5f), Tensor.zeros(2, 3)));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
  }

  @Test
  void mse_shapeMismatch_throwsNamingBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossKernels.mse(Tensor.zeros(4, 1), Tensor.zeros(4), Tensor.zeros(4, 1)));
    assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"));
  }

  @Test
  void binaryDecisions_mixedOutcomes_countsConfusion() {
    long[] confusion = new long[4];
    // predictions ≥ 0.5 → positive; targets ≥ 0.5 → positive (soft labels 0.8 / 0.2 too).
    int errors =
        LossKernels.binaryDecisions(
            vec(0.9f, 0.1f, 0.7f, 0.2f, 0.5f),
            vec(0.8f, 0.2f, 0.2f, 0.8f, 1f),
            0.5f,
            0.5f,
            confusion);
    assertEquals(2, errors);
    assertArrayEquals(new long[] {2, 1, 1, 1}, confusion); // TP, TN, FP, FN
  }

  @Test
  void argmaxDecisions_twoClasses_countsConfusionWithClassOnePositive() {
    Tensor pred =
        Tensor.ofRows(new float[] {0.1f, 0.9f}, new float[] {0.8f, 0.2f}, new float[] {0.4f, 0.6f});
    Tensor target = Tensor.ofRows(new float[] {0, 1}, new float[] {0, 1}, new float[] {1, 0});
    long[] confusion = new long[4];
    assertEquals(2, LossKernels.argmaxDecisions(pred, target, confusion));
    assertArrayEquals(new long[] {1, 0, 1, 1}, confusion);
    long[] again = new long[4];
    assertEquals(2, LossKernels.argmaxDecisions(pred, vec(1, 1, 0), again));
    assertArrayEquals(confusion, again);
  }
}
