package dev.tributary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A longer run on local[2]: SparkTrainer reaches the Trainer's test accuracy, local SGD gets close,
 * and SparkPredictor scores with the saved model exactly as the network does.
 */
class SparkEndToEndTest {
  /** Issue 16's bound on the test-accuracy difference: half a point. */
  private static final double ACCURACY_POINTS = 0.5;

  /** Local SGD is approximate: its accuracy may trail by this many points. */
  private static final double LOCAL_SGD_POINTS = 5;

  /** Predictions are float network outputs widened to double: equal to float precision. */
  private static final double PREDICTION_TOLERANCE = 0;

  private static final int EPOCHS = 12;
  private static final int BATCH = 50;
  private static final long SEED = 2;
  private static SparkSession spark;
  private static final Dataset TRAIN = SyntheticData.disc(600, 21);
  private static final Dataset TEST = SyntheticData.disc(1000, 22);

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static GraphSpec seed() throws IOException {
    return LocalSpark.graph("seed.json");
  }

  private static SparkTrainer sparkTrainer(Network net, boolean local) {
    SparkTrainerBuilder b =
        SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.02f))
            .features("x1", "x2")
            .targets("y1")
            .epochs(EPOCHS)
            .batchSize(BATCH)
            .seed(SEED)
            .progress(null);
    if (local) {
      b.localSgd(3, params -> new Adam(params, 0.02f));
    }
    return b.build();
  }

  @Test
  void fit_longerRun_reachesTrainerTestAccuracy() throws IOException {
    Network single = seed().build(SEED);
    History expected =
        Trainer.builder(single, new MSELoss(), new Adam(single.parameters().values(), 0.02f))
            .epochs(EPOCHS)
            .batchSize(BATCH)
            .seed(SEED)
            .build()
            .fit(TRAIN, TEST);
    Network net = seed().build(SEED);
    SparkTrainer trainer = sparkTrainer(net, false);
    trainer.fit(LocalSpark.frame(spark, TRAIN, 2), LocalSpark.frame(spark, TEST, 2));
    double want = 100 * (1 - expected.last().validationErrorRate());
    double got = 100 * (1 - trainer.history().last().validationErrorRate());
    assertTrue(want > 85, "the reference run should learn the disc, got " + want + "%");
    assertEquals(want, got, ACCURACY_POINTS, "test accuracy, Trainer vs SparkTrainer");
    assertEquals(
        expected.last().trainLoss(),
        trainer.history().last().trainLoss(),
        1e-3,
        "running training loss of the last epoch");
  }

  @Test
  void fit_localSgd_approachesTrainerAccuracy() throws IOException {
    Network single = seed().build(SEED);
    History expected =
        Trainer.builder(single, new MSELoss(), new Adam(single.parameters().values(), 0.02f))
            .epochs(EPOCHS)
            .batchSize(BATCH)
            .seed(SEED)
            .build()
            .fit(TRAIN, TEST);
    Network net = seed().build(SEED);
    SparkTrainer trainer = sparkTrainer(net, true);
    trainer.fit(LocalSpark.frame(spark, TRAIN, 2), LocalSpark.frame(spark, TEST, 2));
    double want = 100 * (1 - expected.last().validationErrorRate());
    double got = 100 * (1 - trainer.history().last().validationErrorRate());
    assertTrue(got > want - LOCAL_SGD_POINTS, "local SGD " + got + "% vs Trainer " + want + "%");
  }

  @Test
  void transform_savedModel_addsNetworkOutputs(@TempDir Path dir) throws IOException {
    Network net = seed().build(SEED);
    Path file = dir.resolve("model.safetensors");
    ModelFile.save(net, file);
    List<Row> rows =
        SparkPredictor.load(file)
            .batchSize(64)
            .features("x1", "x2")
            .transform(LocalSpark.frame(spark, TEST, 3))
            .collectAsList();
    Tensor expected = net.forward(TEST.features(Dataset.FEATURES));
    assertEquals(TEST.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(TEST.features(Dataset.FEATURES).get(i, 0), r.getFloat(0));
      assertEquals(
          expected.get(i, 0), r.getDouble(r.fieldIndex("prediction")), PREDICTION_TOLERANCE);
    }
  }
}
