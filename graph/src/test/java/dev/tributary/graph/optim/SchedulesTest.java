package dev.tributary.graph.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.graph.Network;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The learning-rate schedules on fixed metric sequences. */
class SchedulesTest {
  private static final float TOLERANCE = 1e-7f;

  private static Optimizer sgd(float lr) {
    Map<String, Operator> ops = new LinkedHashMap<>();
    ops.put("x", new Input(1));
    ops.put("fc", new Linear(1, 1));
    return new SGD(Network.of(ops, Map.of("x", List.of("fc"))).parameters().values(), lr);
  }

  private static float[] run(LrSchedule schedule, Optimizer opt, double... metrics) {
    float[] rates = new float[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      schedule.step(metrics[i]);
      rates[i] = opt.learningRate();
    }
    return rates;
  }

  @Test
  void adaptiveDecay_risesAgainstOneAndTwoEpochs_decaysByReportFactors() {
    Optimizer opt = sgd(0.2f);
    // errors: 10 (first), 8 (fell), 9 (rose vs 8, not vs 10), 11 (rose vs 9 and 8), 11 (flat).
    float[] rates = run(new AdaptiveDecay(opt), opt, 10, 8, 9, 11, 11);
    float r2 = 0.2f * 0.999f;
    float r3 = (float) ((double) r2 * 0.999 * 0.998);
    assertArrayEquals(new float[] {0.2f, 0.2f, r2, r3, r3}, rates, TOLERANCE);
  }

  @Test
  void stepLR_everyTwoEpochs_multipliesByGamma() {
    Optimizer opt = sgd(1f);
    float[] rates =
        run(
            new StepLR(opt, 2, 0.5),
            opt,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN);
    assertArrayEquals(new float[] {1f, 0.5f, 0.5f, 0.25f, 0.25f}, rates, TOLERANCE);
  }

  @Test
  void reduceLROnPlateau_patienceTwo_reducesAfterThirdBadEpoch() {
    Optimizer opt = sgd(1f);
    ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt).patience(2);
    // 1.0 best; 1.0, 0.99995 (within the 1e-4 relative threshold), 1.2: three bad epochs → ×0.1
    float[] rates = run(plateau, opt, 1.0, 1.0, 0.99995, 1.2, 0.5, 0.6);
    assertArrayEquals(new float[] {1f, 1f, 1f, 0.1f, 0.1f, 0.1f}, rates, TOLERANCE);
    assertEquals(0.5, plateau.best());
    assertEquals(1, plateau.badEpochs());
  }

  @Test
  void reduceLROnPlateau_cooldownAndMinLr_respected() {
    Optimizer opt = sgd(1f);
    ReduceLROnPlateau plateau =
        new ReduceLROnPlateau(opt).patience(0).factor(0.5).cooldown(1).minLr(0.3);
    // every epoch bad after the first: reduce, cool down one epoch, reduce (floored at 0.3)...
    float[] rates = run(plateau, opt, 1, 2, 2, 2, 2, 2);
    assertArrayEquals(new float[] {1f, 0.5f, 0.5f, 0.3f, 0.3f, 0.3f}, rates, TOLERANCE);
  }

  @Test
  void reduceLROnPlateau_absoluteThreshold_smallGainIsBad() {
    Optimizer opt = sgd(1f);
    ReduceLROnPlateau plateau =
        new ReduceLROnPlateau(opt).patience(0).threshold(0.1, ReduceLROnPlateau.ThresholdMode.ABS);
    float[] rates = run(plateau, opt, 1.0, 0.95, 0.8);
    assertArrayEquals(new float[] {1f, 0.1f, 0.1f}, rates, TOLERANCE);
  }
}
