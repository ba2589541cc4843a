package dev.tributary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.BatchOrder;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainingOptions;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The options SparkTrainerBuilder shares with TrainerBuilder: defaults, values and checks. */
class SparkTrainerBuilderTest {
  private static final long SEED = 1;

  private static SparkTrainerBuilder builder() throws IOException {
    Network net = LocalSpark.graph("seed.json").build(SEED);
    return SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.01f));
  }

  @Test
  void options_untouched_equalTrainerBuildersOptions() throws IOException {
    Network net = LocalSpark.graph("seed.json").build(SEED);
    TrainingOptions trainers =
        Trainer.builder(net, new MSELoss(), new Adam(net.parameters().values(), 0.01f)).options();
    assertEquals(trainers, builder().options());
  }

  @Test
  void options_set_areWhatWasSet() throws IOException {
    TrainingOptions o =
        builder()
            .epochs(4)
            .batchSize(100)
            .seed(9)
            .order(BatchOrder.IN_ORDER)
            .guard(NonFiniteGuard.OFF)
            .classify("out", "y", Decision.PROBABILITY)
            .listener(r -> {})
            .options();
    assertEquals(4, o.epochs());
    assertEquals(100, o.batchSize());
    assertEquals(9, o.seed());
    assertEquals(BatchOrder.IN_ORDER, o.order());
    assertEquals(NonFiniteGuard.OFF, o.guard());
    assertEquals("out", o.classifiedOutput());
    assertEquals("y", o.classifiedTarget());
    assertEquals(Decision.PROBABILITY, o.decision());
    assertEquals(1, o.listeners().size());
  }

  @Test
  void epochs_zero_throwsTrainersMessage() throws IOException {
    SparkTrainerBuilder b = builder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.epochs(0));
    assertEquals("epochs must be ≥ 1, got 0", e.getMessage());
  }

  @Test
  void guard_null_throwsNamingIt() throws IOException {
    SparkTrainerBuilder b = builder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.guard(null));
    assertEquals("guard is null", e.getMessage());
  }
}
