package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.StepLR;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrainerBuilder#options()} and the checks of {@link TrainingOptions}. */
class TrainingOptionsTest {
  private static final long SEED = 3;

  /** Learning rates are floats: equal to float rounding of the schedule's products. */
  private static final double RATE_TOLERANCE = 1e-9;

  private static TrainerBuilder builder() {
    Network net = TestNets.seed(SEED);
    return Trainer.builder(net, new MSELoss(), new Adam(net.parameters().values(), 0.01f));
  }

  @Test
  void options_untouchedBuilder_givesTrainerDefaults() {
    TrainingOptions o = builder().options();
    assertEquals(10, o.epochs());
    assertEquals(32, o.batchSize());
    assertEquals(0, o.seed());
    assertEquals(BatchOrder.SHUFFLED, o.order());
    assertEquals(NonFiniteGuard.RESTORE, o.guard());
    assertNull(o.schedule());
    assertEquals(Metric.TRAIN_LOSS, o.scheduleMetric());
    assertEquals(List.of(), o.listeners());
    assertNull(o.classifiedOutput());
    assertNull(o.classifiedTarget());
    assertEquals(Decision.AUTO, o.decision());
  }

  @Test
  void options_setBuilder_givesWhatWasSet() {
    Network net = TestNets.seed(SEED);
    Adam adam = new Adam(net.parameters().values(), 0.01f);
    StepLR schedule = new StepLR(adam, 2, 0.5);
    TrainingListener listener = r -> {};
    TrainingOptions o =
        Trainer.builder(net, new MSELoss(), adam)
            .epochs(7)
            .batchSize(5)
            .seed(11)
            .order(BatchOrder.IN_ORDER)
            .guard(NonFiniteGuard.CHECK)
            .schedule(schedule, Metric.VALIDATION_LOSS)
            .listener(listener)
            .classify("out", "y", Decision.PROBABILITY)
            .options();
    assertEquals(7, o.epochs());
    assertEquals(5, o.batchSize());
    assertEquals(11, o.seed());
    assertEquals(BatchOrder.IN_ORDER, o.order());
    assertEquals(NonFiniteGuard.CHECK, o.guard());
    assertSame(schedule, o.schedule());
    assertEquals(Metric.VALIDATION_LOSS, o.scheduleMetric());
    assertEquals(List.of(listener), o.listeners());
    assertEquals("out", o.classifiedOutput());
    assertEquals("y", o.classifiedTarget());
    assertEquals(Decision.PROBABILITY, o.decision());
  }

  @Test
  void options_listenerAddedLater_snapshotUnchangedAndUnmodifiable() {
    TrainerBuilder b = builder();
    TrainingOptions o = b.options();
    b.listener(r -> {});
    assertEquals(0, o.listeners().size());
    assertEquals(1, b.options().listeners().size());
    assertThrows(UnsupportedOperationException.class, () -> o.listeners().add(r -> {}));
  }

  @Test
  void stepSchedule_withStepLr_halvesRateEveryTwoEpochs() {
    Network net = TestNets.seed(SEED);
    Adam adam = new Adam(net.parameters().values(), 0.01f);
    TrainingOptions o =
        Trainer.builder(net, new MSELoss(), adam)
            .schedule(new StepLR(adam, 2, 0.5), Metric.TRAIN_LOSS)
            .options();
    EpochRecord r = new EpochRecord(1, 0.5, 0.1, Double.NaN, Double.NaN, 0.01, 1, 1);
    o.stepSchedule(r);
    assertEquals(0.01f, adam.learningRate(), RATE_TOLERANCE);
    o.stepSchedule(r);
    assertEquals(0.005f, adam.learningRate(), RATE_TOLERANCE);
  }

  @Test
  void stepSchedule_noSchedule_leavesRate() {
    Network net = TestNets.seed(SEED);
    Adam adam = new Adam(net.parameters().values(), 0.01f);
    TrainingOptions o = Trainer.builder(net, new MSELoss(), adam).options();
    o.stepSchedule(new EpochRecord(1, 0.5, 0.1, Double.NaN, Double.NaN, 0.01, 1, 1));
    assertEquals(0.01f, adam.learningRate(), RATE_TOLERANCE);
  }

  @Test
  void constructor_zeroEpochs_namesTheFields() {
    List<TrainingListener> none = new ArrayList<>();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingOptions(
                    0,
                    32,
                    0,
                    BatchOrder.SHUFFLED,
                    NonFiniteGuard.RESTORE,
                    null,
                    Metric.TRAIN_LOSS,
                    none,
                    null,
                    null,
                    Decision.AUTO));
    assertEquals(
        "TrainingOptions: epochs and batch size must be ≥ 1, got 0 and 32", e.getMessage());
  }

  @Test
  void constructor_nullGuard_namesTheFields() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingOptions(
                    1,
                    1,
                    0,
                    BatchOrder.SHUFFLED,
                    null,
                    null,
                    Metric.TRAIN_LOSS,
                    List.of(),
                    null,
                    null,
                    Decision.AUTO));
    assertTrue(e.getMessage().contains("guard"), e.getMessage());
  }
}
