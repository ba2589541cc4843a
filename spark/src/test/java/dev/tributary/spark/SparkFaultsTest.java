package dev.tributary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.SyntheticData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on local[2,2] (two threads, a failed task is retried once): a task killed mid-step, bad
 * values in the data, a model file of another graph.
 */
class SparkFaultsTest {
  private static final long SEED = 3;
  private static SparkSession spark;
  private static final AtomicInteger JOBS = new AtomicInteger();

  /** Counts forward passes on partition 1 and fails the third one, on its first attempt only. */
  private static final AtomicInteger PARTITION_ONE_FORWARDS = new AtomicInteger();

  private static final AtomicBoolean FAILED = new AtomicBoolean();

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2,2]");
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart jobStart) {
                JOBS.incrementAndGet();
              }
            });
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** MSE whose forward pass throws once, in the third step's task of partition 1. */
  static final class FlakyLoss implements Loss {
    private final MSELoss mse = new MSELoss();

    @Override
    public float forward(Tensor prediction, Tensor target) {
      TaskContext ctx = TaskContext.get();
      if (ctx != null
          && ctx.partitionId() == 1
          && PARTITION_ONE_FORWARDS.incrementAndGet() == 3
          && ctx.attemptNumber() == 0
          && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("executor lost (simulated) during step 3");
      }
      return mse.forward(prediction, target);
    }

    @Override
    public Tensor backward() {
      return mse.backward();
    }
  }

  private static Network train(LossFactory loss, Dataset data) throws IOException {
    Network net = LocalSpark.graph("seed.json").build(SEED);
    return SparkTrainer.builder(net, loss, new Adam(net.parameters().values(), 0.01f))
        .features("x1", "x2")
        .targets("y1")
        .epochs(1)
        .batchSize(25)
        .seed(SEED)
        .progress(null)
        .build()
        .fit(LocalSpark.frame(spark, data, 2));
  }

  @Test
  void fit_taskFailsOnceMidStep_retriedResultUnchanged() throws IOException {
    Dataset data = SyntheticData.disc(200, 4);
    Network clean = train(MSELoss::new, data);
    Network retried = train(FlakyLoss::new, data);
    assertTrue(FAILED.get(), "the flaky task never failed, so nothing was retried");
    assertTrue(LocalSpark.bitwiseEqual(retried, clean), "the retried run differs");
  }

  private static org.apache.spark.sql.Dataset<Row> textFrame(Object[][] values) {
    List<Row> rows = new ArrayList<>();
    for (Object[] v : values) {
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("x1", DataTypes.DoubleType, true),
                DataTypes.createStructField("x2", DataTypes.StringType, true),
                DataTypes.createStructField("y1", DataTypes.DoubleType, true))));
  }

  private static ColumnValueException fitBad(Object[][] values) throws IOException {
    Network net = LocalSpark.graph("seed.json").build(SEED);
    SparkTrainer trainer =
        SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.01f))
            .features("x1", "x2")
            .targets("y1")
            .progress(null)
            .build();
    return assertThrows(ColumnValueException.class, () -> trainer.fit(textFrame(values)));
  }

  @Test
  void fit_nonNumericText_namesColumnAndRow() throws IOException {
    Object[][] rows = new Object[8][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new Object[] {0.1 * i, Double.toString(0.05 * i), 1.0};
    }
    rows[6][1] = "abc";
    ColumnValueException e = fitBad(rows);
    assertEquals("x2", e.column());
    assertEquals(6, e.row());
    assertTrue(
        e.getMessage().startsWith("column `x2`, row 6: \"abc\" is not a number"), e.getMessage());
  }

  @Test
  void fit_missingValue_namesColumnAndRow() throws IOException {
    Object[][] rows = new Object[8][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new Object[] {0.1 * i, "0.5", 0.0};
    }
    rows[3][0] = null;
    ColumnValueException e = fitBad(rows);
    assertEquals("x1", e.column());
    assertEquals(3, e.row());
    assertTrue(e.getMessage().contains("missing value (null)"), e.getMessage());
  }

  @Test
  void build_initialModelOfAnotherGraph_failsBeforeAnyJob(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("converging.safetensors");
    ModelFile.save(LocalSpark.graph("converging.json").build(SEED), file);
    Network net = LocalSpark.graph("seed.json").build(SEED);
    int jobs = JOBS.get();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.01f))
                    .features("x1", "x2")
                    .targets("y1")
                    .initialModel(file)
                    .build());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("another graph"), e.getMessage());
    assertEquals(jobs, JOBS.get(), "a Spark job started");
  }

  @Test
  void transform_modelWithOtherInputWidth_failsBeforeAnyJob(@TempDir Path dir) throws IOException {
    GraphSpec three =
        GraphSpec.parse(
            "{\"operators\": {\"x\": {\"type\": \"Input\", \"size\": 3},"
                + " \"out\": {\"type\": \"Linear\", \"in\": 3, \"out\": 1}},"
                + " \"connectivity\": {\"x\": [\"out\"]}}");
    Path file = dir.resolve("three.safetensors");
    ModelFile.save(three.build(SEED), file);
    SparkPredictor predictor = SparkPredictor.load(file);
    int jobs = JOBS.get();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> predictor.features("x1", "x2"));
    assertTrue(
        e.getMessage().contains("input `x` takes 3 features but 2 columns are given"),
        e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals(jobs, JOBS.get(), "a Spark job started");
  }
}
