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

  /** The single-machine Trainer's run both SparkTrainer modes are held against. */
  private static History reference;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start("local[2]");
    Network single = seed().build(SEED);
    reference =
        Trainer.builder(single, new MSELoss(), new Adam(single.parameters().values(), 0.02f))
            .epochs(EPOCHS)
            .batchSize(BATCH)
            .seed(SEED)
            .build()
            .fit(TRAIN, TEST);
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

  /** Trains with SparkTrainer on 2 partitions; returns its last epoch's test accuracy in %. */
  private static double sparkAccuracy(SparkTrainer trainer) {
    trainer.fit(LocalSpark.frame(spark, TRAIN, 2), LocalSpark.frame(spark, TEST, 2));
    return 100 * (1 - trainer.history().last().validationErrorRate());
  }

  @Test
  void fit_longerRun_reachesTrainerTestAccuracy() throws IOException {
    SparkTrainer trainer = sparkTrainer(seed().build(SEED), false);
    double got = sparkAccuracy(trainer);
    double want = 100 * (1 - reference.last().validationErrorRate());
    assertTrue(want > 85, "the reference run should learn the disc, got " + want + "%");
    assertEquals(want, got, ACCURACY_POINTS, "test accuracy, Trainer vs SparkTrainer");
    assertEquals(
        reference.last().trainLoss(),
        trainer.history().last().trainLoss(),
        1e-3,
        "running training loss of the last epoch");
  }

  @Test
  void fit_localSgd_approachesTrainerAccuracy() throws IOException {
    double got = sparkAccuracy(sparkTrainer(seed().build(SEED), true));
    double want = 100 * (1 - reference.last().validationErrorRate());
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
