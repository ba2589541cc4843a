package dev.tributary.spark.bench;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainingListener;
import dev.tributary.spark.SparkTrainer;
import dev.tributary.spark.SparkTrainerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark benchmark: on {@code --points} disc points (train seed 1, test seed 2), (1) MLlib's
 * {@code MultilayerPerceptronClassifier} with the seed topology 2-25-25-25-2 (sigmoid hidden
 * layers, L-BFGS) against {@link SparkTrainer} on the seed graph, both on {@code --master}: seconds
 * to 98% test accuracy and the final accuracy; (2) samples per second of the single-machine {@link
 * Trainer} and of {@code SparkTrainer} with 1, 2 and 4 partitions, medians of {@code --repeats}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "The Spark benchmark.")
public final class SparkBench implements Callable<Integer> {
  private static final double GOAL = 0.98;

  @Option(names = "--points", defaultValue = "1000000", description = "Training points.")
  int points;

  @Option(names = "--test", defaultValue = "10000", description = "Test points.")
  int test;

  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master.")
  String master;

  @Option(names = "--repeats", defaultValue = "3", description = "Runs per throughput figure.")
  int repeats;

  @Option(names = "--mllib-iterations", defaultValue = "50", description = "L-BFGS iterations.")
  int mllibIterations;

  @Option(names = "--epochs", defaultValue = "3", description = "SparkTrainer epochs.")
  int epochs;

  @Option(names = "--batch", defaultValue = "1000", description = "Synchronous global batch.")
  int batch;

  @Option(names = "--local-steps", defaultValue = "100", description = "Local-SGD steps per round.")
  int localSteps;

  @Option(names = "--long-epochs", defaultValue = "300", description = "Epochs of the long run.")
  int longEpochs;

  @Option(names = "--long-points", defaultValue = "1000", description = "Long run's train points.")
  int longPoints;

  @Option(names = "--long-batch", defaultValue = "50", description = "Long run's global batch.")
  int longBatch;

  @Option(
      names = "--sections",
      defaultValue = "mllib,ours,throughput",
      split = ",",
      description = "Which parts to run: mllib, ours, throughput, long (not by default).")
  List<String> sections;

  private final PrintStream out = System.out;

  /** Seconds to 98% and final test accuracy of MLlib, the synchronous and the local-SGD run. */
  private final double[] goalSeconds = {Double.NaN, Double.NaN, Double.NaN};

  private final double[] finalAccuracy = {Double.NaN, Double.NaN, Double.NaN};

  private static final String[] CONTENDERS = {"MLlib", "SparkTrainer sync", "SparkTrainer local"};

  /**
   * Runs the benchmark and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkBench()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    SparkSession spark =
        SparkSession.builder()
            .appName("tributary spark bench")
            .master(master)
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset train = SyntheticData.disc(points, 1);
      Dataset testSet = SyntheticData.disc(test, 2);
      out.printf(
          Locale.ROOT,
          "spark bench: %d train points (seed 1), %d test points (seed 2), master %s, %d cores%n",
          points,
          test,
          spark.sparkContext().master(),
          Runtime.getRuntime().availableProcessors());
      if (sections.contains("mllib")) {
        mllib(spark, train, testSet);
      }
      if (sections.contains("ours")) {
        ours(spark, train, testSet, false);
        ours(spark, train, testSet, true);
      }
      if (sections.contains("mllib") && sections.contains("ours")) {
        ratios();
      }
      if (sections.contains("throughput")) {
        throughput(spark, train);
      }
      if (sections.contains("long")) {
        longRun(spark);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** MLlib in chunks of 10 L-BFGS iterations, each continuing from the last chunk's weights. */
  private void mllib(SparkSession spark, Dataset train, Dataset testSet) {
    org.apache.spark.sql.Dataset<Row> tr = BenchData.mllib(spark, train, 2).cache();
    org.apache.spark.sql.Dataset<Row> te = BenchData.mllib(spark, testSet, 2).cache();
    tr.count();
    te.count();
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    double seconds = 0;
    double toGoal = Double.NaN;
    double acc = 0;
    org.apache.spark.ml.linalg.Vector weights = null;
    for (int done = 0; done < mllibIterations; ) {
      int chunk = Math.min(10, mllibIterations - done);
      MultilayerPerceptronClassifier mlp =
          new MultilayerPerceptronClassifier()
              .setLayers(new int[] {2, 25, 25, 25, 2})
              .setMaxIter(chunk)
              .setSeed(1L)
              .setBlockSize(128);
      if (weights != null) {
        mlp.setInitialWeights(weights);
      }
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = mlp.fit(tr);
      seconds += (System.nanoTime() - t0) / 1e9;
      done += chunk;
      weights = model.weights();
      acc = accuracy.evaluate(model.transform(te));
      if (Double.isNaN(toGoal) && acc >= GOAL) {
        toGoal = seconds;
      }
      out.printf(
          Locale.ROOT,
          "mllib MLP (L-BFGS): %d iterations, %.1f s, test accuracy %.2f%%%n",
          done,
          seconds,
          100 * acc);
    }
    out.printf(
        Locale.ROOT,
        "RESULT mllib: seconds to 98%% %s, final test accuracy %.2f%% after %d iterations (%.1f"
            + " s)%n",
        Double.isNaN(toGoal) ? "never" : String.format(Locale.ROOT, "%.1f", toGoal),
        100 * acc,
        mllibIterations,
        seconds);
    goalSeconds[0] = toGoal;
    finalAccuracy[0] = acc;
    tr.unpersist();
    te.unpersist();
  }

  /** SparkTrainer on the seed graph: synchronous or local SGD (rounds of 100-row local steps). */
  private void ours(SparkSession spark, Dataset train, Dataset testSet, boolean local)
      throws IOException {
    Network net = GraphSpec.read(Path.of("examples", "graphs", "seed.json")).build(1);
    Adam adam = new Adam(net.parameters().values(), local ? 0.005f : 0.01f);
    long[] t0 = new long[1];
    double[] toGoal = {Double.NaN};
    String name =
        local
            ? "local SGD (Adam, " + localSteps + " steps of 100 rows per round)"
            : "sync (batch " + batch + ")";
    TrainingListener timer =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochRecord r) {
            double s = (System.nanoTime() - t0[0]) / 1e9;
            double acc = 1 - r.validationErrorRate();
            if (Double.isNaN(toGoal[0]) && acc >= GOAL) {
              toGoal[0] = s;
            }
            out.printf(
                Locale.ROOT,
                "SparkTrainer %s: epoch %d, %.1f s, test accuracy %.2f%%%n",
                name,
                r.epoch(),
                s,
                100 * acc);
          }
        };
    SparkTrainerBuilder b =
        SparkTrainer.builder(net, MSELoss::new, adam)
            .features("x1", "x2")
            .targets("y")
            .epochs(epochs)
            .batchSize(local ? 100 : batch)
            .seed(1)
            .progress(null)
            .listener(timer);
    if (local) {
      b.localSgd(localSteps, params -> new Adam(params, 0.005f));
    }
    SparkTrainer trainer = b.build();
    org.apache.spark.sql.Dataset<Row> tr = BenchData.columns(spark, train, 2);
    org.apache.spark.sql.Dataset<Row> te = BenchData.columns(spark, testSet, 2);
    t0[0] = System.nanoTime();
    trainer.fit(tr, te);
    double seconds = (System.nanoTime() - t0[0]) / 1e9;
    out.printf(
        Locale.ROOT,
        "RESULT SparkTrainer %s: seconds to 98%% %s, final test accuracy %.2f%% after %d epochs"
            + " (%.1f s)%n",
        name,
        Double.isNaN(toGoal[0]) ? "never" : String.format(Locale.ROOT, "%.1f", toGoal[0]),
        100 * (1 - trainer.history().last().validationErrorRate()),
        epochs,
        seconds);
    int slot = local ? 2 : 1;
    goalSeconds[slot] = toGoal[0];
    finalAccuracy[slot] = 1 - trainer.history().last().validationErrorRate();
  }

  /** MLlib against each SparkTrainer mode, both measured in this process. */
  private void ratios() {
    for (int i = 1; i < CONTENDERS.length; i++) {
      String speed =
          Double.isNaN(goalSeconds[0]) || Double.isNaN(goalSeconds[i])
              ? String.format(
                  Locale.ROOT,
                  "not comparable (seconds to 98%%: MLlib %s, %s %s)",
                  seconds(goalSeconds[0]),
                  CONTENDERS[i],
                  seconds(goalSeconds[i]))
              : String.format(Locale.ROOT, "%.2f× MLlib's speed", goalSeconds[0] / goalSeconds[i]);
      out.printf(
          Locale.ROOT,
          "RESULT ratio %s vs MLlib: to 98%% %s; final test accuracy %+.2f points%n",
          CONTENDERS[i],
          speed,
          100 * (finalAccuracy[i] - finalAccuracy[0]));
    }
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "never" : String.format(Locale.ROOT, "%.1f s", s);
  }

  /** Samples per second of one epoch at batch 1000: Trainer, then SparkTrainer on 1, 2, 4. */
  private void throughput(SparkSession spark, Dataset train) throws IOException {
    GraphSpec spec = GraphSpec.read(Path.of("examples", "graphs", "seed.json"));
    double[] single = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      Network net = spec.build(1);
      Trainer t =
          Trainer.builder(net, new MSELoss(), new Adam(net.parameters().values(), 0.01f))
              .epochs(1)
              .batchSize(1000)
              .seed(1)
              .guard(NonFiniteGuard.RESTORE)
              .build();
      long t0 = System.nanoTime();
      t.fit(train);
      single[r] = train.size() / ((System.nanoTime() - t0) / 1e9);
    }
    out.printf(
        Locale.ROOT,
        "RESULT throughput Trainer (one thread): median %.0f samples/s of %s%n",
        median(single),
        round(single));
    for (int partitions : new int[] {1, 2, 4}) {
      double[] rates = new double[repeats];
      org.apache.spark.sql.Dataset<Row> tr = BenchData.columns(spark, train, partitions);
      for (int r = 0; r < repeats; r++) {
        Network net = spec.build(1);
        SparkTrainer t =
            SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.01f))
                .features("x1", "x2")
                .targets("y")
                .epochs(1)
                .batchSize(1000)
                .seed(1)
                .progress(null)
                .build();
        long t0 = System.nanoTime();
        t.fit(tr);
        rates[r] = train.size() / ((System.nanoTime() - t0) / 1e9);
      }
      out.printf(
          Locale.ROOT,
          "RESULT throughput SparkTrainer %d partitions: median %.0f samples/s of %s (%.2f× the"
              + " Trainer)%n",
          partitions,
          median(rates),
          round(rates),
          median(rates) / median(single));
    }
  }

  /**
   * The long run: Trainer and SparkTrainer (2 partitions) on {@code --long-points} disc points
   * (seed 1), global batch {@code --long-batch}, Adam 0.01, {@code --long-epochs} epochs; test
   * accuracy on 1000 points (seed 2) and the difference in points.
   */
  private void longRun(SparkSession spark) throws IOException {
    GraphSpec spec = GraphSpec.read(Path.of("examples", "graphs", "seed.json"));
    Dataset tr = SyntheticData.disc(longPoints, 1);
    Dataset te = SyntheticData.disc(1000, 2);
    Network single = spec.build(1);
    double want =
        1
            - Trainer.builder(single, new MSELoss(), new Adam(single.parameters().values(), 0.01f))
                .epochs(longEpochs)
                .batchSize(longBatch)
                .seed(1)
                .build()
                .fit(tr, te)
                .last()
                .validationErrorRate();
    Network net = spec.build(1);
    SparkTrainer t =
        SparkTrainer.builder(net, MSELoss::new, new Adam(net.parameters().values(), 0.01f))
            .features("x1", "x2")
            .targets("y")
            .epochs(longEpochs)
            .batchSize(longBatch)
            .seed(1)
            .progress(null)
            .build();
    long t0 = System.nanoTime();
    t.fit(BenchData.columns(spark, tr, 2), BenchData.columns(spark, te, 2));
    double sparkSeconds = (System.nanoTime() - t0) / 1e9;
    double got = 1 - t.history().last().validationErrorRate();
    out.printf(
        Locale.ROOT,
        "RESULT long run, %d epochs of %d points at batch %d: test accuracy Trainer %.2f%%,"
            + " SparkTrainer (2 partitions) %.2f%% (%+.2f points; %.1f s)%n",
        longEpochs,
        longPoints,
        longBatch,
        100 * want,
        100 * got,
        100 * (got - want),
        sparkSeconds);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static List<Long> round(double[] values) {
    List<Long> out = new ArrayList<>();
    for (double v : values) {
      out.add(Math.round(v));
    }
    return out;
  }
}
