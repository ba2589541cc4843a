package dev.tributary.graph.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GradientCheck;
import dev.tributary.graph.Network;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Tanh;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses: hand-worked values, gradients against central finite differences of the loss alone
 * and through a network ({@link GradientCheck}), buffer reuse and shape errors.
 */
class LossesTest {
  private static final double EPSILON = 1e-3;
  private static final double TOLERANCE = 1e-2;
  private static final double FLOOR = 1e-3;
  private static final float VALUE_TOLERANCE = 1e-6f;
  private static final long SEED = 3;

  private static Tensor uniform(SplittableRandom rng, float lo, float hi, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return t;
  }

  private static Tensor oneHot(SplittableRandom rng, int rows, int classes) {
    Tensor t = Tensor.zeros(rows, classes);
    for (int r = 0; r < rows; r++) {
      t.set(1f, r, rng.nextInt(classes));
    }
    return t;
  }

  private static Tensor indices(SplittableRandom rng, int rows, int classes) {
    Tensor t = Tensor.zeros(rows, 1);
    for (int r = 0; r < rows; r++) {
      t.set(rng.nextInt(classes), r, 0);
    }
    return t;
  }

  static Stream<Arguments> cases() {
    SplittableRandom rng = new SplittableRandom(SEED);
    return Stream.of(
        Arguments.of(
            "MSE",
            (Supplier<Loss>) MSELoss::new,
            uniform(rng, -2, 2, 3, 2),
            uniform(rng, -2, 2, 3, 2)),
        Arguments.of(
            "L1",
            (Supplier<Loss>) L1Loss::new,
            uniform(rng, 0.5f, 2, 3, 2),
            uniform(rng, -2, 0, 3, 2)),
        Arguments.of(
            "BCE",
            (Supplier<Loss>) BCELoss::new,
            uniform(rng, 0.05f, 0.95f, 4, 1),
            uniform(rng, 0, 1, 4, 1)),
        Arguments.of(
            "BCEWithLogits",
            (Supplier<Loss>) BCEWithLogitsLoss::new,
            uniform(rng, -3, 3, 4, 2),
            uniform(rng, 0, 1, 4, 2)),
        Arguments.of(
            "CrossEntropy one-hot",
            (Supplier<Loss>) CrossEntropyLoss::new,
            uniform(rng, -3, 3, 4, 3),
            oneHot(rng, 4, 3)),
        Arguments.of(
            "CrossEntropy soft",
            (Supplier<Loss>) CrossEntropyLoss::new,
            uniform(rng, -3, 3, 2, 3),
            Tensor.ofRows(new float[] {0.2f, 0.3f, 0.5f}, new float[] {0.6f, 0.4f, 0f})),
        Arguments.of(
            "CrossEntropy indices",
            (Supplier<Loss>) CrossEntropyLoss::new,
            uniform(rng, -3, 3, 4, 3),
            indices(rng, 4, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backward_anyLoss_matchesFiniteDifferencesOfForward(
      String name, Supplier<Loss> factory, Tensor prediction, Tensor target) {
    Loss loss = factory.get();
    loss.forward(prediction, target);
    float[] analytic = loss.backward().data().clone();
    float[] p = prediction.data();
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = (float) (saved + EPSILON);
      double plus = loss.forward(prediction, target);
      p[i] = (float) (saved - EPSILON);
      double minus = loss.forward(prediction, target);
      p[i] = saved;
      double numeric = (plus - minus) / (2 * EPSILON);
      double error =
          Math.abs(numeric - analytic[i])
              / Math.max(FLOOR, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
      assertTrue(
          error < TOLERANCE,
          name + " element " + i + ": analytic " + analytic[i] + ", numeric " + numeric);
    }
  }

  @Test
  void mse_handWorkedValue_isMeanOfSquares() {
    Loss loss = new MSELoss();
    float value =
        loss.forward(
            Tensor.of(new float[] {1, 2, 3, 4}, 2, 2),
            Tensor.of(new float[] {1.5f, 2, 2, 5}, 2, 2));
    assertEquals(0.5625f, value, VALUE_TOLERANCE); // (0.25 + 0 + 1 + 1) / 4
    assertArrayEquals(new float[] {-0.25f, 0, 0.5f, -0.5f}, loss.backward().data(), 1e-6f);
  }

  @Test
  void l1_handWorkedValue_isMeanOfAbsoluteDifferences() {
    Loss loss = new L1Loss();
    float value =
        loss.forward(Tensor.of(new float[] {0, 3}, 2, 1), Tensor.of(new float[] {1, 3}, 2, 1));
    assertEquals(0.5f, value, VALUE_TOLERANCE); // (1 + 0) / 2
    assertArrayEquals(new float[] {-0.5f, 0f}, loss.backward().data(), 1e-6f);
  }

  @Test
  void bceWithLogits_equalsBceOfSigmoid() {
    Tensor logits = Tensor.of(new float[] {-2f, 0.5f, 3f}, 3, 1);
    Tensor probs = Tensor.zeros(3, 1);
    for (int i = 0; i < 3; i++) {
      probs.data()[i] = (float) (1 / (1 + Math.exp(-logits.data()[i])));
    }
    Tensor target = Tensor.of(new float[] {0f, 1f, 0.3f}, 3, 1);
    assertEquals(
        new BCELoss().forward(probs, target),
        new BCEWithLogitsLoss().forward(logits, target),
        1e-5f);
  }

  @Test
  void crossEntropy_uniformLogits_isLogOfClassCount() {
    Loss loss = new CrossEntropyLoss();
    float value = loss.forward(Tensor.zeros(5, 4), Tensor.of(new float[] {0, 1, 2, 3, 0}, 5));
    assertEquals((float) Math.log(4), value, VALUE_TOLERANCE);
  }

  @Test
  void forward_sameShapeTwice_reusesGradientBuffer() {
    Loss loss = new MSELoss();
    loss.forward(Tensor.zeros(8, 1), Tensor.zeros(8, 1));
    Tensor first = loss.backward();
    loss.forward(Tensor.zeros(3, 1), Tensor.zeros(3, 1));
    loss.forward(Tensor.zeros(8, 1), Tensor.zeros(8, 1));
    assertSame(first, loss.backward());
  }

  @Test
  void forward_shapeMismatch_messageNamesBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MSELoss().forward(Tensor.zeros(4, 1), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("MSELoss"), e.getMessage());
    assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"), e.getMessage());
  }

  @Test
  void crossEntropy_wrongTargetShape_messageNamesBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CrossEntropyLoss().forward(Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
    assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[4, 2]"));
  }

  @Test
  void backward_beforeForward_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> new L1Loss().backward());
  }

  private static Network net(Operator head, int outputs) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(3));
    ops.put("fc1", new Linear(3, 5));
    ops.put("t", new Tanh());
    ops.put("out", new Linear(5, outputs));
    Map<String, List<String>> next = new LinkedHashMap<>();
    next.put("x", List.of("fc1"));
    next.put("fc1", List.of("t"));
    next.put("t", List.of("out"));
    if (head != null) {
      ops.put("head", head);
      next.put("out", List.of("head"));
    }
    return Network.of(ops, next, SEED);
  }

  @Test
  void gradientCheck_networkWithEachLoss_passes() {
    SplittableRandom rng = new SplittableRandom(SEED);
    Map<String, Tensor> x = Map.of("x", uniform(rng, -1, 1, 4, 3));
    List<Object[]> cases =
        List.of(
            new Object[] {net(null, 2), new MSELoss(), uniform(rng, -1, 1, 4, 2)},
            new Object[] {net(null, 2), new L1Loss(), uniform(rng, 5, 6, 4, 2)},
            new Object[] {net(new Sigmoid(), 1), new BCELoss(), uniform(rng, 0, 1, 4, 1)},
            new Object[] {net(null, 1), new BCEWithLogitsLoss(), uniform(rng, 0, 1, 4, 1)},
            new Object[] {net(null, 3), new CrossEntropyLoss(), indices(rng, 4, 3)});
    for (Object[] c : cases) {
      GradientCheck.Report report =
          new GradientCheck((Network) c[0]).run(x, (Loss) c[1], (Tensor) c[2]);
      assertTrue(report.passed(), c[1] + ": " + report);
    }
  }
}
