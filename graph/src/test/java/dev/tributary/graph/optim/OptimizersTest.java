package dev.tributary.graph.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The optimizers through their public API, three fixed steps each, against a float32 numpy
 * transcription of the torch.optim algorithm boxes (the script is in {@code OptimizerKernelsTest}'s
 * javadoc; same start {@code [0.5, -1, 2, 0]} and gradients). The weight of a {@code Linear(2, 2)}
 * holds the four values; its bias starts at zero with zero gradients.
 */
class OptimizersTest {
  private static final float TOLERANCE = 2e-6f;
  private static final float[][] GRADS = {
    {0.1f, -0.2f, 0.3f, 0f}, {-0.4f, 0.5f, 0.05f, 1f}, {0.2f, 0.2f, -0.1f, -0.3f}
  };

  private static Network layer() {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(2));
    ops.put("fc", new Linear(2, 2));
    return Network.of(ops, Map.of("x", List.of("fc")));
  }

  /** Runs three steps and returns the weight. */
  private static float[] threeSteps(Function<Collection<Parameter>, Optimizer> factory) {
    Network net = layer();
    Parameter weight = net.parameters().get("fc.weight");
    System.arraycopy(new float[] {0.5f, -1f, 2f, 0f}, 0, weight.value().data(), 0, 4);
    Optimizer opt = factory.apply(net.parameters().values());
    for (float[] g : GRADS) {
      opt.zeroGrad();
      System.arraycopy(g, 0, weight.grad().data(), 0, 4);
      opt.step();
      assertTrue(opt.lastStepFinite());
    }
    assertEquals(3, opt.steps());
    return weight.value().data();
  }

  @Test
  void sgd_plain_matchesTorch() {
    assertArrayEquals(
        new float[] {0.51000005f, -1.05f, 1.975f, -0.07f},
        threeSteps(p -> new SGD(p, 0.1f)),
        TOLERANCE);
  }

  @Test
  void sgd_momentumDampeningWeightDecay_matchesTorch() {
    assertArrayEquals(
        new float[] {0.5206439f, -1.0440121f, 1.9086251f, -0.14391899f},
        threeSteps(p -> new SGD(p, 0.1f).momentum(0.9f).dampening(0.1f).weightDecay(0.01f)),
        TOLERANCE);
  }

  @Test
  void sgd_nesterovWithWeightDecay_matchesTorch() {
    assertArrayEquals(
        new float[] {0.53195095f, -1.0967102f, 1.8865366f, -0.21363899f},
        threeSteps(p -> new SGD(p, 0.1f).momentum(0.9f).nesterov(true).weightDecay(0.01f)),
        TOLERANCE);
  }

  @Test
  void adam_defaults_matchesTorch() {
    assertArrayEquals(
        new float[] {0.49669677f, -0.9998516f, 1.9784123f, -0.01111429f},
        threeSteps(p -> new Adam(p, 0.01f)),
        TOLERANCE);
  }

  @Test
  void adam_customBetasAndL2_matchesTorch() {
    assertArrayEquals(
        new float[] {0.46931383f, -0.97913444f, 1.8661199f, -0.05602488f},
        threeSteps(p -> new Adam(p, 0.05f, 0.8f, 0.99f, 1e-6f).weightDecay(0.1f)),
        TOLERANCE);
  }

  @Test
  void adamW_decoupledDecay_matchesTorch() {
    assertArrayEquals(
        new float[] {0.49521267f, -0.9968702f, 1.9724462f, -0.01110685f},
        threeSteps(p -> new AdamW(p, 0.01f, 0.1f)),
        TOLERANCE);
  }

  @Test
  void zeroGrad_afterGradients_clearsEveryParameter() {
    Network net = layer();
    Optimizer opt = new SGD(net.parameters().values(), 0.1f);
    for (Parameter p : net.parameters().values()) {
      p.grad().data()[0] = 3f;
    }
    opt.zeroGrad();
    for (Parameter p : net.parameters().values()) {
      assertArrayEquals(new float[p.size()], p.grad().data());
    }
  }

  @Test
  void step_overflowingUpdate_lastStepFiniteIsFalse() {
    Network net = layer();
    Parameter weight = net.parameters().get("fc.weight");
    weight.grad().data()[0] = 1f;
    Optimizer opt = new SGD(net.parameters().values(), 3e38f);
    weight.value().data()[0] = -3e38f;
    opt.step();
    assertFalse(opt.lastStepFinite());
  }

  @Test
  void sgd_nesterovWithoutMomentum_throwsOnStep() {
    SGD opt = new SGD(layer().parameters().values(), 0.1f).nesterov(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
    assertTrue(e.getMessage().contains("momentum"), e.getMessage());
  }

  @Test
  void constructors_invalidArguments_throw() {
    Collection<Parameter> params = layer().parameters().values();
    assertThrows(IllegalArgumentException.class, () -> new SGD(params, -1f));
    assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1f));
    assertThrows(IllegalArgumentException.class, () -> new Adam(params, 0.1f, 1f, 0.999f, 1e-8f));
    assertThrows(IllegalArgumentException.class, () -> new AdamW(params, 0.1f, Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> new SGD(params, 0.1f).momentum(-0.5f));
  }

  @Test
  void step_settingChangedBetweenSteps_nextStepUsesTheNewValue() {
    Network net = layer();
    Parameter weight = net.parameters().get("fc.weight");
    float[] v0 = {0.5f, -1f, 2f, 0f};
    System.arraycopy(v0, 0, weight.value().data(), 0, 4);
    SGD sgd = new SGD(net.parameters().values(), 0.1f);
    float[] expected = v0.clone();
    for (int t = 0; t < 2; t++) {
      float decay = t == 0 ? 0f : 0.5f;
      sgd.weightDecay(decay);
      sgd.zeroGrad();
      System.arraycopy(GRADS[t], 0, weight.grad().data(), 0, 4);
      sgd.step();
      for (int i = 0; i < 4; i++) {
        expected[i] = expected[i] - 0.1f * (GRADS[t][i] + decay * expected[i]);
      }
    }
    assertArrayEquals(expected, weight.value().data(), TOLERANCE);
  }
}
