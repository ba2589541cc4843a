package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.LeakyReLU;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.MaxPool2d;
import dev.tributary.graph.op.OpContext;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Tanh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientCheck}'s kink rule: a kink is counted only where a piecewise operator's input lies
 * within ε of it (read from the predecessor's value, not from slopes), a scalar is judged one-sided
 * only when exactly one side of {@code θ ± ε} crosses a kink, and a wrong backward pass still
 * fails.
 */
class GradientCheckKinksTest {
  private static final long OBJECTIVE_SEED = 11;
  private static final long NET_SEED = 3;

  /** The check's default ε, for placing inputs relative to it. */
  private static final double EPSILON = GradientCheck.DEFAULT_EPSILON;

  /** A wrong backward pass must miss its bound by at least this factor, not scrape past it. */
  private static final double BROKEN_MIN_RATIO = 10;

  private static Network single(int width, Operator op) {
    return Network.builder().add("x", new Input(width)).add("f", op).connect("x", "f").build(0);
  }

  private static Network linearThen(Operator activation) {
    return Network.builder()
        .add("x", new Input(3))
        .add("fc", new Linear(3, 4))
        .add("a", activation)
        .add("out", new Linear(4, 2))
        .connect("x", "fc")
        .connect("fc", "a")
        .connect("a", "out")
        .build(NET_SEED);
  }

  @Test
  void run_reluInputExactlyAtZero_countsOneKinkAndPassesOneSided() {
    Network net = single(3, new ReLU());
    Tensor x = Tensor.ofRows(new float[] {-0.7f, 0f, 1.2f}, new float[] {0.9f, -0.2f, 0.15f});
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertEquals(1, r.kinks(), r::toString);
    assertEquals(1, r.oneSided(), r::toString);
    assertEquals(0, r.straddled(), r::toString);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void run_reluInputsNearAndClearOfZero_countsOnlyTheNearOne() {
    Network net = single(3, new ReLU());
    Tensor x =
        Tensor.ofRows(
            new float[] {-0.7f, 0.3f, 1.2f}, new float[] {0.9f, -0.2f, (float) (-EPSILON / 2)});
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    // −ε/2 is within ε of the kink, −2ε is not.
    assertEquals(1, r.kinks(), r::toString);
    Tensor clear =
        Tensor.ofRows(
            new float[] {-0.7f, 0.3f, 1.2f}, new float[] {0.9f, -0.2f, (float) (-2 * EPSILON)});
    GradientCheck.Report c = new GradientCheck(net).run(Map.of("x", clear), OBJECTIVE_SEED);
    assertEquals(0, c.kinks(), c::toString);
    assertEquals(0, c.oneSided(), c::toString);
    assertTrue(c.passed(), c::toString);
  }

  @Test
  void run_leakyReluInputAtZero_countsTheKink() {
    Network net = single(2, new LeakyReLU(0.1f));
    Tensor x = Tensor.ofRows(new float[] {0f, 0.5f}, new float[] {-0.4f, 0.8f});
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertEquals(1, r.kinks(), r::toString);
    assertEquals(1, r.oneSided(), r::toString);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void run_preActivationAtZero_countsTheKinkOfTheActivationInput() {
    Network net = linearThen(new ReLU());
    // Make fc's first unit exactly 0 on the first row: bias = −w·x.
    Tensor x = Tensor.ofRows(new float[] {0.5f, -0.25f, 0.75f}, new float[] {-0.5f, 1f, 0.25f});
    Parameter w = net.parameters().get("fc.weight");
    float z = 0;
    for (int j = 0; j < 3; j++) {
      z += w.value().get(0, j) * x.get(0, j);
    }
    net.parameters().get("fc.bias").value().set(-z, 0);
    net.forward(Map.of("x", x));
    assertTrue(Math.abs(net.value("fc").get(0, 0)) <= EPSILON / 100, "placed at the kink");
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertTrue(r.kinks() >= 1, r::toString);
    assertTrue(r.oneSided() >= 1, r::toString);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void run_maxPoolWindowWithATie_countsTheKinkAndPasses() {
    Network net =
        Network.builder()
            .add("x", new Input(1, 2, 4))
            .add("pool", new MaxPool2d(2))
            .connect("x", "pool")
            .build(0);
    // First window: 0.5 twice (a tie); second window: a clear maximum 0.9.
    Tensor x =
        Tensor.of(new float[] {0.5f, 0.1f, 0.2f, 0.9f, -0.3f, 0.5f, 0.4f, -0.6f}, 1, 1, 2, 4);
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertEquals(1, r.kinks(), r::toString);
    assertEquals(2, r.oneSided(), r::toString); // each of the tied entries, one side each
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void run_smoothNetwork_countsNoKinksAndJudgesNothingOneSided() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("fc", new Linear(3, 4))
            .add("t", new Tanh())
            .add("out", new Linear(4, 2))
            .add("s", new Sigmoid())
            .connect("x", "fc")
            .connect("fc", "t")
            .connect("t", "out")
            .connect("out", "s")
            .build(NET_SEED);
    // Inputs at 0 put nothing at a kink: Tanh and Sigmoid have none.
    Tensor x = Tensor.zeros(2, 3);
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertEquals(0, r.kinks(), r::toString);
    assertEquals(0, r.oneSided(), r::toString);
    assertTrue(r.passed(), r::toString);
  }

  /**
   * ReLU forward with a backward that passes every gradient through, as if it were the identity.
   */
  private static final class BrokenReLU extends Operator {
    @Override
    public String type() {
      return "BrokenReLU";
    }

    @Override
    public Arity arity() {
      return Arity.ONE;
    }

    @Override
    public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public void forward(OpContext ctx) {
      Elementwise.relu(ctx.input(0), ctx.output());
    }

    @Override
    public void backward(OpContext ctx) {
      Elementwise.axpy(1f, ctx.gradOutput(), ctx.gradInput(0));
    }
  }

  @Test
  void run_brokenReluBackwardWithInputAtZero_stillFails() {
    Network net = single(3, new BrokenReLU());
    Tensor x = Tensor.ofRows(new float[] {-0.7f, 0f, 1.2f}, new float[] {0.9f, -0.2f, 0.15f});
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertFalse(r.passed(), r::toString);
    assertTrue(r.worstErrorRatios().get("input x") > BROKEN_MIN_RATIO, r::toString);
    // BrokenReLU is not a piecewise operator the check knows: it sees no kink to excuse anything.
    assertEquals(0, r.kinks(), r::toString);
  }

  @Test
  void run_brokenBackwardInANetworkWithAKink_stillFails() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("r", new ReLU())
            .add("fc", new Linear(3, 4))
            .add("bad", new BrokenReLU())
            .connect("x", "r")
            .connect("r", "fc")
            .connect("fc", "bad")
            .build(NET_SEED);
    // r's input at 0 is a true kink; bad's wrong gradient where fc's output is negative is not.
    Tensor x = Tensor.ofRows(new float[] {-0.7f, 0f, 1.2f}, new float[] {0.9f, 0.4f, 0.15f});
    net.forward(Map.of("x", x));
    assertTrue(
        net.value("fc").get(0, 0) < 0
            || net.value("fc").get(0, 1) < 0
            || net.value("fc").get(0, 2) < 0
            || net.value("fc").get(0, 3) < 0,
        "some input of bad must be negative for its backward to be wrong");
    GradientCheck.Report r = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED);
    assertEquals(1, r.kinks(), r::toString);
    assertFalse(r.passed(), r::toString);
    assertTrue(r.worstErrorRatios().get("fc.weight") > BROKEN_MIN_RATIO, r::toString);
  }

  @Test
  void report_toString_namesKinksAndOneSidedScalars() {
    Network net = single(3, new ReLU());
    Tensor x = Tensor.ofRows(new float[] {-0.7f, 0f, 1.2f}, new float[] {0.9f, -0.2f, 0.15f});
    String text = new GradientCheck(net).run(Map.of("x", x), OBJECTIVE_SEED).toString();
    assertTrue(text.contains("1 activation inputs within ε of a kink"), text);
    assertTrue(text.contains("1 scalars judged one-sided"), text);
  }
}
