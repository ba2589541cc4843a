package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.AllocationMeter;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Allocation;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.optim.StepLR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: learning, history, schedules, early stopping, allocation, NaN guard. */
class TrainerTest {
  private static final long SEED = 7;

  /** Fits run before measuring one (40 epochs each). */
  private static final int FIT_WARM_UP = 30;

  /** What one fit of 40 epochs may allocate: its 40 records, the history and the results. */
  private static final long FIT_BYTES_BOUND = 40 * 1024;

  /** What measuring allocation may itself cost, independent of the number of steps. */
  @TempDir Path dir;

  private static Map<String, Parameter> params(Network net) {
    return net.parameters();
  }

  private static boolean allFinite(Network net) {
    for (Parameter p : net.parameters().values()) {
      if (!Elementwise.allFinite(p.value())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void fit_linearProblem_singleLinearLearnsBelowOnePercentError() {
    Network net = TestNets.chain(SEED, new Linear(2, 1), new Sigmoid());
    Adam adam = new Adam(net.parameters().values(), 0.05f);
    Trainer trainer = Trainer.builder(net, new MSELoss(), adam).epochs(60).batchSize(50).build();
    History h = trainer.fit(SyntheticData.linear(1000, 1), SyntheticData.linear(200, 2));
    assertEquals(60, h.size());
    assertTrue(h.last().validationErrorRate() <= 0.01, h.last().toString());
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss());
    Evaluation e = trainer.evaluate(SyntheticData.linear(200, 2));
    assertEquals(h.last().validationErrorRate(), e.errorRate(), 1e-12);
    assertTrue(e.confusion().isPresent());
  }

  @Test
  void fit_sameSeeds_bitwiseSameParameters() {
    float[][] runs = new float[2][];
    for (int r = 0; r < 2; r++) {
      Network net = TestNets.seed(SEED);
      Trainer t =
          Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.1f))
              .epochs(3)
              .batchSize(30)
              .seed(SEED)
              .build();
      t.fit(SyntheticData.disc(100, 1));
      runs[r] = net.parameters().get("n1.weight").value().data().clone();
    }
    assertTrue(java.util.Arrays.equals(runs[0], runs[1]));
  }

  @Test
  void fit_stepLRAndListener_learningRateRecordedPerEpoch() {
    Network net = TestNets.seed(SEED);
    SGD sgd = new SGD(net.parameters().values(), 0.4f);
    List<Integer> seen = new ArrayList<>();
    Trainer t =
        Trainer.builder(net, new MSELoss(), sgd)
            .epochs(4)
            .batchSize(50)
            .schedule(new StepLR(sgd, 2, 0.5), Metric.TRAIN_LOSS)
            .listener(r -> seen.add(r.epoch()))
            .build();
    History h = t.fit(SyntheticData.disc(100, 1));
    assertEquals(List.of(1, 2, 3, 4), seen);
    assertEquals(0.4f, (float) h.epochs().get(1).learningRate());
    assertEquals(0.2f, (float) h.epochs().get(2).learningRate());
    assertEquals(0.1f, sgd.learningRate());
  }

  @Test
  void fit_zeroLearningRate_earlyStoppingAfterPatience() {
    Network net = TestNets.seed(SEED);
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0f))
            .epochs(50)
            .batchSize(100)
            .trainMetrics(TrainMetrics.FULL_PASS)
            .earlyStopping(3)
            .build();
    History h = t.fit(SyntheticData.disc(100, 1));
    assertEquals(4, h.size()); // epoch 1 sets the best; 2, 3, 4 do not improve
    assertTrue(h.stoppedEarly());
  }

  @Test
  void fit_multiLossWithNamedTargets_trainsEachHead() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    MultiLoss loss =
        MultiLoss.of(
            LossTerm.of("n1", new BCEWithLogitsLoss(), "label"),
            LossTerm.of("n1", new MSELoss(), "zero", 0.01f));
    Dataset data = SyntheticData.linear(400, 3);
    Tensor labels = data.targets("y").copy();
    float[] l = labels.data();
    for (int i = 0; i < l.length; i++) {
      l[i] = l[i] > 0.5f ? 1f : 0f;
    }
    Dataset named =
        Dataset.of(
            Map.of("x", data.features("x")), Map.of("label", labels, "zero", Tensor.zeros(400, 1)));
    Trainer t =
        Trainer.builder(net, loss, new Adam(net.parameters().values(), 0.05f))
            .epochs(40)
            .batchSize(40)
            .decision(Decision.LOGIT)
            .build();
    t.fit(named);
    assertTrue(t.evaluate(named).errorRate() < 0.02, t.evaluate(named).toString());
  }

  @Test
  void history_writeCsv_oneRowPerEpoch(@TempDir Path tmp) throws IOException {
    Network net = TestNets.seed(SEED);
    History h =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.1f))
            .epochs(3)
            .build()
            .fit(SyntheticData.disc(64, 1), SyntheticData.disc(32, 2));
    Path file = tmp.resolve("curves/run.csv");
    h.writeCsv(file);
    List<String> lines = Files.readAllLines(file);
    assertEquals(4, lines.size());
    assertEquals(Curves.HEADER, lines.get(0));
    assertTrue(lines.get(3).startsWith("run,3,"), lines.get(3));
  }

  @Tag("allocation")
  @Test
  void step_steadyState_allocatesNothing() {
    Network net = TestNets.seed(SEED);
    Trainer t =
        Trainer.builder(net, new MSELoss(), new Adam(net.parameters().values(), 1e-3f)).build();
    Batches batches = SyntheticData.disc(1000, 1).batches(100);
    Batch batch = batches.get(0);
    Map<String, Tensor> features = batch.features();
    Map<String, Tensor> targets = batch.targets();
    Runnable step = () -> t.step(features, targets);
    AllocationMeter meter = Allocation.steadyState(step);
    assertEquals(0, meter.total(), "Trainer.step after warm-up: " + meter.summary());
  }

  @Tag("allocation")
  @Test
  void fit_steadyStateEpochs_allocateOnlyTheirRecords() {
    Network net = TestNets.seed(SEED);
    Dataset train = SyntheticData.disc(1000, 1);
    Dataset test = SyntheticData.disc(200, 2);
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.1f))
            .epochs(40)
            .batchSize(64)
            .build();
    Runnable fit = () -> t.fit(train, test);
    // The fit is the step; the same fixed warm-up rule, in fits (each 40 × 17 steps).
    AllocationMeter meter = Allocation.steadyState(fit, FIT_WARM_UP, 1, 1);
    // 40 epochs × (16 mini-batches + evaluation): only the records, history and results remain.
    assertTrue(meter.total() < FIT_BYTES_BOUND, "40 epochs, every thread: " + meter.summary());
  }

  @Test
  void fit_nanInInputData_stopsNamingInputBatchAndRow() {
    Network net = TestNets.seed(SEED);
    Dataset data = SyntheticData.disc(100, 1);
    data.features("x").set(Float.NaN, 57, 1);
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.1f))
            .epochs(2)
            .batchSize(10)
            .order(BatchOrder.IN_ORDER)
            .build();
    float[] before = params(net).get("n1.weight").value().data().clone();
    NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.fit(data));
    assertEquals("x", e.node().orElseThrow());
    assertEquals(1, e.epoch());
    assertEquals(6, e.batch()); // rows 50–59
    assertTrue(e.getMessage().contains("dataset row 57"), e.getMessage());
    assertTrue(allFinite(net));
    assertFalse(java.util.Arrays.equals(before, params(net).get("n1.weight").value().data()));
  }

  @Test
  void fit_allZeroBatches_trainsWithFiniteLossAndParameters() {
    Network net = TestNets.seed(SEED);
    Dataset zeros = Dataset.of(Tensor.zeros(40, 2), Tensor.zeros(40, 1));
    Trainer t =
        Trainer.builder(net, new BCEWithLogitsLoss(), new Adam(net.parameters().values(), 0.01f))
            .epochs(3)
            .batchSize(10)
            .build();
    History h = t.fit(zeros);
    assertEquals(3, h.size());
    for (EpochRecord r : h.epochs()) {
      assertTrue(Double.isFinite(r.trainLoss()), r.toString());
    }
    assertTrue(allFinite(net));
  }

  @Test
  void fit_explodingLearningRate_stopsNamingNodeWithFiniteParameters() {
    Network net = TestNets.chain(SEED, new Linear(2, 25), new Linear(25, 25), new Linear(25, 1));
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 1e4f))
            .epochs(100)
            .batchSize(10)
            .build();
    NonFiniteException e =
        assertThrows(NonFiniteException.class, () -> t.fit(SyntheticData.disc(100, 1)));
    assertTrue(e.node().isPresent(), e.getMessage());
    assertTrue(e.getMessage().contains("`" + e.node().get() + "`"), e.getMessage());
    assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", batch " + e.batch()));
    assertTrue(allFinite(net), "parameters must keep their last finite values");
  }

  @Test
  void fit_firstUpdateOverflows_restoresEveryValueBitwiseAndLeavesTheOptimizerAsItWas() {
    // A finite loss and finite gradients, but lr·λ·θ overflows: the update itself goes infinite.
    Network net = TestNets.chain(SEED, new Linear(2, 25), new Linear(25, 1));
    List<float[]> before = new ArrayList<>();
    for (Parameter p : net.parameters().values()) {
      before.add(p.value().data().clone());
    }
    SGD sgd = new SGD(net.parameters().values(), 1e10f).weightDecay(1e30f);
    Trainer t = Trainer.builder(net, new MSELoss(), sgd).epochs(1).batchSize(100).build();
    NonFiniteException e =
        assertThrows(NonFiniteException.class, () -> t.fit(SyntheticData.disc(100, 1)));
    assertTrue(e.getMessage().contains("epoch 1, batch 1"), e.getMessage());
    int i = 0;
    for (Parameter p : net.parameters().values()) {
      assertArrayEquals(before.get(i++), p.value().data(), 0f, p.name());
    }
  }

  @Test
  void fit_datasetWithTwoTargetsAndSingleLoss_throwsSayingUseMultiLoss() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.1f)).build();
    Dataset d =
        Dataset.of(
            Map.of("x", Tensor.zeros(4, 2)),
            Map.of("a", Tensor.zeros(4, 1), "b", Tensor.zeros(4, 1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(d));
    assertTrue(e.getMessage().contains("MultiLoss"), e.getMessage());
  }
}
