package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Tanh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Predictor}: thread safety against single-threaded results, ownership, classifiers. */
class PredictorTest {
  private static final int THREADS = 8;
  private static final int PREDICTIONS_PER_THREAD = 2_000;
  private static final double TOLERANCE = 1e-6;

  @TempDir Path dir;

  @Test
  void predict_eightThreadsOnOneLoadedModel_zeroWrong() throws Exception {
    Path file = dir.resolve("converging.safetensors");
    ModelFile.save(Nets.converging().build(17), file);
    Network reference = ModelFile.load(file);
    List<Tensor> batches = new ArrayList<>();
    List<Tensor> expected = new ArrayList<>();
    for (int i = 0; i < PREDICTIONS_PER_THREAD; i++) {
      Tensor x = Nets.uniform(i, -1, 1, 1 + i % 7, 2);
      batches.add(x);
      expected.add(reference.forward(x).copy());
    }
    Predictor predictor = ModelFile.loadPredictor(file);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int offset = t * 251;
        wrong.add(
            pool.submit(
                () -> {
                  start.await();
                  int count = 0;
                  for (int k = 0; k < PREDICTIONS_PER_THREAD; k++) {
                    int i = (k + offset) % PREDICTIONS_PER_THREAD;
                    if (!predictor.predict(batches.get(i)).equals(expected.get(i))) {
                      count++;
                    }
                  }
                  return count;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> w : wrong) {
        total += w.get();
      }
      assertEquals(0, total, "wrong predictions of " + THREADS * PREDICTIONS_PER_THREAD);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(
        predictor.copies() >= 1 && predictor.copies() <= THREADS, "copies: " + predictor.copies());
  }

  @Test
  void predict_resultModifiedByCaller_nextPredictionUnaffected() {
    Network net = Nets.seed().build(3);
    Predictor predictor = Predictor.of(net);
    Tensor x = Nets.uniform(1, -1, 1, 5, 2);
    Tensor first = predictor.predict(x);
    Tensor kept = first.copy();
    Tensor second = predictor.predict(x);
    assertNotSame(first, second);
    first.data()[0] = 42f;
    assertEquals(kept, second);
    assertEquals(kept, predictor.predict(x));
  }

  @Test
  void of_originalChangedAfterwards_predictionsFromSnapshot() {
    Network net = Nets.converging().build(5);
    Tensor x = Nets.uniform(2, -1, 1, 4, 2);
    Tensor before = net.forward(x).copy();
    Predictor predictor = Predictor.of(net);
    net.reset(99);
    assertEquals(before, predictor.predict(x));
  }

  @Test
  void predictMap_randomMultiInputDags_matchForward() {
    for (long seed = 0; seed < 40; seed++) {
      RandomDags.Dag dag = RandomDags.generate(seed, false);
      Network net = dag.build();
      Predictor predictor = Predictor.of(net);
      Map<String, Tensor> in = dag.inputs(6);
      Map<String, Tensor> expected = net.forward(in);
      Map<String, Tensor> actual = predictor.predict(in);
      assertEquals(net.outputs(), List.copyOf(actual.keySet()), dag.toString());
      for (String out : net.outputs()) {
        assertEquals(expected.get(out), actual.get(out), dag + " output " + out);
      }
    }
  }

  @Test
  void predict_twoOutputs_throwsNamingPredictMap() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("a", new Linear(2, 1))
            .add("b", new Linear(2, 3))
            .connect("x", "a", "b")
            .build(1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Predictor.of(net).predict(Nets.uniform(1, 0, 1, 2, 2)));
    assertTrue(e.getMessage().contains("predict(Map)"), e.getMessage());
  }

  @Test
  void predict_wrongWidth_namesInput() {
    Predictor predictor = Predictor.of(Nets.seed().build(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> predictor.predict(Nets.uniform(1, 0, 1, 2, 3)));
    assertTrue(e.getMessage().contains("`x`"), e.getMessage());
  }

  @Test
  void probabilities_sigmoidOutput_returnedAsIs() {
    Network net = Nets.seed().build(4);
    Tensor x = Nets.uniform(3, -1, 1, 9, 2);
    Predictor predictor = Predictor.of(net);
    Tensor p = net.forward(x).copy();
    assertEquals(p, predictor.probabilities(x));
    int[] classes = predictor.classes(x);
    for (int i = 0; i < 9; i++) {
      assertEquals(p.get(i, 0) >= Predictor.BINARY_THRESHOLD ? 1 : 0, classes[i], "row " + i);
    }
  }

  @Test
  void probabilities_logitOutputs_softmaxAndArgmax() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("h", new Linear(2, 4))
            .add("t", new Tanh())
            .add("logits", new Linear(4, 3))
            .connect("x", "h")
            .connect("h", "t")
            .connect("t", "logits")
            .build(8);
    Tensor x = Nets.uniform(6, -2, 2, 11, 2);
    Tensor logits = net.forward(x).copy();
    Predictor predictor = Predictor.of(net);
    Tensor p = predictor.probabilities(x);
    int[] expectedClasses = new int[11];
    for (int i = 0; i < 11; i++) {
      double z = 0;
      int best = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(logits.get(i, j));
        best = logits.get(i, j) > logits.get(i, best) ? j : best;
      }
      for (int j = 0; j < 3; j++) {
        assertEquals(Math.exp(logits.get(i, j)) / z, p.get(i, j), TOLERANCE, "row " + i);
      }
      expectedClasses[i] = best;
    }
    assertArrayEquals(expectedClasses, predictor.classes(x));
  }

  @Test
  void probabilities_oneLogitOfSeveralOutputs_sigmoidOfThatOutput() {
    Network net =
        Network.builder()
            .add("x", new Input(2))
            .add("a", new Linear(2, 1))
            .add("b", new Linear(2, 3))
            .connect("x", "a", "b")
            .build(2);
    Map<String, Tensor> in = Map.of("x", Nets.uniform(7, -3, 3, 5, 2));
    Tensor logit = net.forward(in).get("a").copy();
    Predictor predictor = Predictor.of(net);
    Tensor p = predictor.probabilities(in, "a");
    int[] classes = predictor.classes(in, "a");
    for (int i = 0; i < 5; i++) {
      assertEquals(1 / (1 + Math.exp(-logit.get(i, 0))), p.get(i, 0), TOLERANCE, "row " + i);
      assertEquals(logit.get(i, 0) >= 0 ? 1 : 0, classes[i], "row " + i);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> predictor.classes(in, "h"));
    assertTrue(e.getMessage().contains("`h` is not an output"), e.getMessage());
  }

  @Test
  void of_nullNetwork_throwsSayingWhatToPass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Predictor.of(null));
    assertTrue(e.getMessage().contains("network is null"), e.getMessage());
  }

  @Test
  void copy_whileAnotherThreadRunsForward_equalsTheSource() throws Exception {
    Network net = Nets.converging().build(12);
    Tensor x = Nets.uniform(4, -1, 1, 16, 2);
    Tensor y = net.forward(x).copy();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<Integer> forwards =
          pool.submit(
              () -> {
                int wrong = 0;
                started.countDown();
                for (int k = 0; k < 3_000; k++) {
                  wrong += net.forward(x).equals(y) ? 0 : 1;
                }
                return wrong;
              });
      started.await();
      for (int c = 0; c < 200; c++) {
        Network copy = net.copy();
        for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
          assertEquals(e.getValue().value(), copy.parameters().get(e.getKey()).value(), e.getKey());
        }
      }
      assertEquals(0, forwards.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadPredictor_standardizedModel_scalesFeaturesInAndTargetsOut() throws Exception {
    Network net = Nets.converging().build(17);
    float[] featureMeans = {1f, -2f};
    float[] featureStds = {2f, 0.5f};
    float[] targetMeans = {1e4f};
    float[] targetStds = {250f};
    Path file = dir.resolve("scaled.safetensors");
    DataMetadata data =
        new DataMetadata(
            List.of("a", "b"),
            List.of("price"),
            "regress",
            featureMeans,
            featureStds,
            targetMeans,
            targetStds);
    ModelFile.save(net, file, data.toMetadata());
    Predictor predictor = ModelFile.loadPredictor(file);
    Tensor x = Nets.uniform(5, -3, 3, 4, 2);
    float[] scaled = new float[8];
    for (int i = 0; i < 8; i++) {
      scaled[i] = (x.data()[i] - featureMeans[i % 2]) / featureStds[i % 2];
    }
    Network reference = ModelFile.load(file);
    reference.setTraining(false);
    Tensor raw = reference.forward(Tensor.of(scaled, 4, 2)).copy();
    Tensor predicted = predictor.predict(x);
    Tensor networkOnly = predictor.predictRaw(Tensor.of(scaled, 4, 2));
    for (int i = 0; i < 4; i++) {
      assertEquals(raw.data()[i], networkOnly.data()[i], TOLERANCE);
      assertEquals(raw.data()[i] * 250f + 1e4f, predicted.data()[i], 1e4 * TOLERANCE);
    }
    assertTrue(predictor.scaling().scalesFeatures() && predictor.scaling().scalesTargets());
  }

  @Test
  void of_scalingOnTwoOutputNetwork_refusedNamingTheOutputs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Predictor.of(
                    Network.of(
                        Map.of("x", new Input(2), "a", new Linear(2, 1), "b", new Linear(2, 1)),
                        Map.of("x", List.of("a", "b"))),
                    Scaling.of(null, null, new float[] {0}, new float[] {1})));
    assertTrue(e.getMessage().contains("one input and one output"), e.getMessage());
    assertTrue(e.getMessage().contains("inputs [x] and outputs ["), e.getMessage());
  }
}
