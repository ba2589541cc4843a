package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The branch-free ReLU backward passes the gradient exactly where the output is positive. */
class ReluBackwardTest {
  @Test
  void reluBackward_tinyAndHugePositiveOutputs_passGradientExactly() {
    Tensor y = Tensor.of(new float[] {0f, Float.MIN_VALUE, 1e-30f, 3f, Float.MAX_VALUE}, 1, 5);
    Tensor g = Tensor.of(new float[] {1.5f, -2.25f, 3f, 4f, -5f}, 1, 5);
    Tensor gi = Tensor.of(new float[] {10f, 10f, 10f, 10f, 10f}, 1, 5);
    Elementwise.reluBackward(y, g, gi);
    assertArrayEquals(new float[] {10f, 7.75f, 13f, 14f, 5f}, gi.data(), 0f);
  }
}
