package dev.tributary.graph.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weighted sum of per-output losses: values, summed gradients, errors. */
class MultiLossTest {
  private static final float TOLERANCE = 1e-6f;

  private static Tensor col(float... v) {
    return Tensor.of(v, v.length, 1);
  }

  @Test
  void forward_twoOutputs_isWeightedSum() {
    MultiLoss loss =
        MultiLoss.of(
            LossTerm.of("a", new MSELoss(), "ta"), LossTerm.of("b", new L1Loss(), "tb", 0.5f));
    float value =
        loss.forward(
            Map.of("a", col(1, 2), "b", col(0, 0)), Map.of("ta", col(0, 0), "tb", col(2, -2)));
    // MSE = (1 + 4) / 2 = 2.5; L1 = (2 + 2) / 2 = 2; 2.5 + 0.5 · 2 = 3.5
    assertEquals(3.5f, value, TOLERANCE);
    assertEquals(2.5f, loss.termValue(0), TOLERANCE);
    assertEquals(2f, loss.termValue(1), TOLERANCE);
    Map<String, Tensor> grads = loss.backward();
    assertArrayEquals(new float[] {1f, 2f}, grads.get("a").data(), TOLERANCE); // 2d / 2
    assertArrayEquals(new float[] {-0.25f, 0.25f}, grads.get("b").data(), TOLERANCE);
  }

  @Test
  void backward_twoTermsOnOneOutput_gradientsAdd() {
    MSELoss mse = new MSELoss();
    MultiLoss loss =
        MultiLoss.of(LossTerm.of("a", mse, "t", 2f), LossTerm.of("a", new L1Loss(), "t", 1f));
    loss.forward(Map.of("a", col(1)), Map.of("t", col(0)));
    // 2 · 2(1 − 0) + 1 · sign(1) = 5
    assertArrayEquals(new float[] {5f}, loss.backward().get("a").data(), TOLERANCE);
  }

  @Test
  void backward_singleUnitWeightTerm_passesLossBufferThrough() {
    MSELoss mse = new MSELoss();
    MultiLoss loss = MultiLoss.of(LossTerm.of("a", mse, "t"));
    loss.forward(Map.of("a", col(1, 2)), Map.of("t", col(0, 0)));
    assertSame(mse.backward(), loss.backward().get("a"));
  }

  @Test
  void forward_missingTarget_messageNamesTargetAndAvailable() {
    MultiLoss loss = MultiLoss.of(LossTerm.of("a", new MSELoss(), "ta"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> loss.forward(Map.of("a", col(1)), Map.of("tb", col(1))));
    assertTrue(e.getMessage().contains("`ta`") && e.getMessage().contains("tb"), e.getMessage());
  }

  @Test
  void of_sameLossInstanceTwice_throws() {
    MSELoss shared = new MSELoss();
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiLoss.of(LossTerm.of("a", shared, "t"), LossTerm.of("b", shared, "t")));
  }

  @Test
  void lossTerm_negativeWeight_throws() {
    assertThrows(IllegalArgumentException.class, () -> LossTerm.of("a", new MSELoss(), "t", -1f));
  }
}
