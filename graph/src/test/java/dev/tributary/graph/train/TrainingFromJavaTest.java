package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.BCELoss;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.L1Loss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's "training from Java": the decision follows the loss, per-term and regression metrics,
 * the K×K confusion matrix, best weights restored by early stopping, foreign optimizers refused,
 * loss messages that name the loss, output and target.
 */
class TrainingFromJavaTest {
  private static final long SEED = 5;
  private static final double TOLERANCE = 1e-5;

  @Test
  void build_bceWithLogitsAndAutoDecision_thresholdsLogitsAtZero() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    Trainer t =
        Trainer.builder(net, new BCEWithLogitsLoss(), new SGD(net.parameters().values(), 0.1f))
            .build();
    assertEquals(Decision.LOGIT, t.decision());
    // A logit of 0.3 is class 1 (σ = 0.57); read as a probability it would be class 0.
    Parameter w = net.parameters().get("n1.weight");
    Parameter b = net.parameters().get("n1.bias");
    java.util.Arrays.fill(w.value().data(), 0f);
    b.value().data()[0] = 0.3f;
    Dataset d = Dataset.of(Tensor.zeros(4, 2), Tensor.of(new float[] {1, 1, 0, 1}, 4, 1));
    Evaluation e = t.evaluate(d);
    assertEquals(1, e.errors());
    Network other = TestNets.chain(SEED, new Linear(2, 1), new Sigmoid());
    Trainer p =
        Trainer.builder(other, new BCELoss(), new SGD(other.parameters().values(), 0.1f)).build();
    assertEquals(Decision.PROBABILITY, p.decision());
  }

  @Test
  void build_optimizerOfAnotherNetwork_throwsNamingTheParameter() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    Network copy = TestNets.chain(SEED, new Linear(2, 1));
    SGD foreign = new SGD(copy.parameters().values(), 0.1f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trainer.builder(net, new MSELoss(), foreign).build());
    assertTrue(
        e.getMessage().startsWith("Trainer: the optimizer updates parameter `n1."), e.getMessage());
    assertTrue(e.getMessage().contains("network.parameters().values()"), e.getMessage());
  }

  @Test
  void evaluate_multiLoss_everyTermAndRegressionMetricsPerOutput() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    Dataset lin = SyntheticData.linear(64, SEED);
    Tensor y = lin.targets(Dataset.TARGETS);
    Dataset d = Dataset.of(Map.of("x", lin.features(Dataset.FEATURES)), Map.of("a", y, "b", y));
    MultiLoss loss =
        MultiLoss.of(
            LossTerm.of("n1", new MSELoss(), "a", 2f), LossTerm.of("n1", new L1Loss(), "b", 0.5f));
    Trainer t = Trainer.builder(net, loss, new SGD(net.parameters().values(), 0.01f)).build();
    Evaluation e = t.evaluate(d);

    Tensor p = net.forward(Map.of("x", lin.features(Dataset.FEATURES))).get("n1");
    double sse = 0;
    double sae = 0;
    double mean = 0;
    for (float v : y.data()) {
      mean += v / 64.0;
    }
    double sst = 0;
    for (int i = 0; i < 64; i++) {
      double diff = p.data()[i] - y.data()[i];
      sse += diff * diff;
      sae += Math.abs(diff);
      sst += (y.data()[i] - mean) * (y.data()[i] - mean);
    }
    assertEquals(
        List.of("MSELoss(n1, a)", "L1Loss(n1, b)"), new ArrayList<>(e.termLosses().keySet()));
    assertEquals(sse / 64, e.termLosses().get("MSELoss(n1, a)"), TOLERANCE);
    assertEquals(sae / 64, e.termLosses().get("L1Loss(n1, b)"), TOLERANCE);
    assertEquals(2 * sse / 64 + 0.5 * sae / 64, e.loss(), TOLERANCE);
    RegressionMetrics r = e.regression().get("n1");
    assertEquals(sse / 64, r.mse(), TOLERANCE);
    assertEquals(sae / 64, r.mae(), TOLERANCE);
    assertEquals(1 - sse / sst, r.r2(), TOLERANCE);
  }

  @Test
  void evaluate_threeClasses_confusionMatrixMatchesArgmaxCounts() {
    Network net = TestNets.chain(SEED, new Linear(2, 3));
    SplittableRandom rng = new SplittableRandom(SEED);
    float[] x = new float[30 * 2];
    float[] cls = new float[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < cls.length; i++) {
      cls[i] = rng.nextInt(3);
    }
    Dataset d = Dataset.of(Tensor.of(x, 30, 2), Tensor.of(cls, 30, 1));
    Trainer t =
        Trainer.builder(net, new CrossEntropyLoss(), new SGD(net.parameters().values(), 0.1f))
            .build();
    Evaluation e = t.evaluate(d);
    Tensor logits = net.forward(Map.of("x", Tensor.of(x, 30, 2))).get("n1");
    long[][] expected = new long[3][3];
    for (int r = 0; r < 30; r++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        if (logits.data()[r * 3 + c] > logits.data()[r * 3 + best]) {
          best = c;
        }
      }
      expected[(int) cls[r]][best]++;
    }
    long[][] m = e.confusionMatrix().orElseThrow();
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expected[i], m[i], "row " + i);
    }
    assertFalse(e.confusion().isPresent(), "no binary counts for three classes");
    assertEquals(e.errors(), 30 - expected[0][0] - expected[1][1] - expected[2][2]);
  }

  @Test
  void fit_validationLossRisesAfterEpochOne_restoresEpochOneWeights() {
    Network net = TestNets.chain(SEED, new Linear(2, 1));
    Dataset train = SyntheticData.linear(200, SEED);
    Tensor y = train.targets(Dataset.TARGETS);
    float[] flipped = y.data().clone();
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = -flipped[i];
    }
    // The validation targets are the negated training targets: once the fit improves on the
    // training set, every further epoch makes the validation loss worse.
    Dataset validation =
        Dataset.of(train.features(Dataset.FEATURES), Tensor.of(flipped, y.shape()));
    List<float[]> weights = new ArrayList<>();
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochRecord r) {
            weights.add(net.parameters().get("n1.weight").value().data().clone());
          }
        };
    Trainer t =
        Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), 0.05f))
            .epochs(50)
            .batchSize(20)
            .earlyStopping(3)
            .listener(recorder)
            .seed(SEED)
            .build();
    History h = t.fit(train, validation);
    assertTrue(h.stoppedEarly());
    assertTrue(h.restoredBestEpoch());
    assertEquals(h.size() - 3, h.bestEpoch());
    assertArrayEquals(
        weights.get(h.bestEpoch() - 1), net.parameters().get("n1.weight").value().data(), 0f);
  }

  @Test
  void fit_crossEntropyClassOutOfRange_messageNamesLossOutputTargetAndRow() {
    Network net = TestNets.chain(SEED, new Linear(2, 3));
    Dataset d = Dataset.of(Tensor.zeros(4, 2), Tensor.of(new float[] {0, 1, 5, 2}, 4, 1));
    Trainer t =
        Trainer.builder(net, new CrossEntropyLoss(), new SGD(net.parameters().values(), 0.1f))
            .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(d));
    // The row is the batch's (shuffled) row; the runner names the file's row before training.
    assertTrue(
        e.getMessage()
            .matches(
                "loss on output `n1` against target `y`: CrossEntropyLoss: the target of row \\d"
                    + " is 5\\.0 but a class index must be an integer in \\[0, 3\\).*"),
        e.getMessage());
    assertFalse(e.getMessage().contains("crossEntropyIndices"), e.getMessage());
  }

  @Test
  void forward_bceTargetOutsideUnitInterval_throwsNamingTheRow() {
    BCEWithLogitsLoss loss = new BCEWithLogitsLoss();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> loss.forward(Tensor.zeros(3, 1), Tensor.of(new float[] {0, 1, 2}, 3, 1)));
    assertTrue(
        e.getMessage().startsWith("BCEWithLogitsLoss: the target of row 2 is 2.0 but must lie in"),
        e.getMessage());
  }
}
