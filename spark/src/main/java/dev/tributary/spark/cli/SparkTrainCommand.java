package dev.tributary.spark.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.History;
import dev.tributary.spark.SparkTrainer;
import dev.tributary.spark.SparkTrainerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary-spark spark-train GRAPH.json --data FILE}: trains a graph file on a CSV or
 * Parquet file with {@link SparkTrainer} and writes what the runner's {@code run} writes: {@code
 * model.safetensors}, {@code history.csv}, {@code loss.png}, {@code error.png}.
 */
@Command(
    name = "spark-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the network of a graph file on a CSV (with a header) or Parquet file with Spark.",
      "Writes model.safetensors, history.csv, loss.png and error.png into --out."
    })
public final class SparkTrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRAPH.json", description = "The graph file to train.")
  Path graph;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "Training rows: a .csv file with a header row, or .parquet.")
  String data;

  @Option(
      names = "--validation",
      paramLabel = "FILE",
      description = "Rows evaluated after each epoch (same columns).")
  String validation;

  @Option(
      names = "--features",
      required = true,
      split = ",",
      description = "Feature columns, in the order of the input's features, e.g. x1,x2.")
  List<String> features;

  @Option(
      names = "--target",
      required = true,
      split = ",",
      description = "Target column(s), e.g. label.")
  List<String> targets;

  @Option(
      names = "--master",
      description =
          "Spark master (default: spark-submit's --master when started by it, else local[*]).")
  String master;

  @Option(names = "--partitions", description = "Repartition the rows (default: as read).")
  Integer partitions;

  @Option(
      names = "--loss",
      defaultValue = "mse",
      description = "mse, mae, bce, bce-logits or cross-entropy (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--optimizer",
      defaultValue = "adam",
      description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default: 0).")
  float momentum;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Global batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--local-sgd",
      paramLabel = "K",
      description = "Local SGD: K local steps of --batch rows per partition, then averaging.")
  Integer localSteps;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of weights and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: runs/<graph name>-spark).")
  Path out;

  @Option(names = "--no-plots", description = "Skip the PNG pictures.")
  boolean noPlots;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkTrainCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    PrintStream stdout = System.out;
    Network net = GraphSpec.read(graph).build(seed);
    LossOption lossOption = LossOption.parse(loss);
    Optimizer opt = optimizer(net);
    Path dir = out != null ? out : Path.of("runs", baseName(graph) + "-spark");
    Files.createDirectories(dir);
    SparkSession.Builder sb = SparkSession.builder().appName("tributary spark-train " + graph);
    if (master != null) {
      sb.master(master);
    } else if (System.getProperty("spark.master") == null) {
      sb.master("local[*]");
    }
    SparkSession spark = sb.getOrCreate();
    try {
      Dataset<Row> train = read(spark, data);
      if (partitions != null) {
        train = train.repartition(partitions);
      }
      Dataset<Row> val = validation == null ? null : read(spark, validation);
      stdout.println(net.describe());
      stdout.printf(
          "spark-train: %s on %s (%d partitions), master %s, %s, %s, %d epochs of batch %d%s,"
              + " seed %d%n",
          graph,
          data,
          train.rdd().getNumPartitions(),
          spark.sparkContext().master(),
          opt,
          loss,
          epochs,
          batch,
          localSteps == null ? "" : ", local SGD every " + localSteps + " steps",
          seed);
      SparkTrainerBuilder builder =
          SparkTrainer.builder(net, lossOption.factory, opt)
              .features(features.toArray(new String[0]))
              .targets(targets.toArray(new String[0]))
              .decision(lossOption.decision)
              .epochs(epochs)
              .batchSize(batch)
              .seed(seed);
      if (localSteps != null) {
        float rate = lr;
        float mom = momentum;
        builder.localSgd(localSteps, params -> new SGD(params, rate).momentum(mom));
      }
      SparkTrainer trainer = builder.build();
      trainer.fit(train, val);
      History history = trainer.history();
      return write(stdout, net, history, dir);
    } finally {
      spark.stop();
    }
  }

  private int write(PrintStream stdout, Network net, History history, Path dir) throws IOException {
    List<Path> written = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("tributary.train.data", data);
    facts.put("tributary.train.optimizer", optimizer + " lr " + lr);
    facts.put("tributary.train.loss", loss);
    facts.put("tributary.train.epochs", Integer.toString(history.size()));
    facts.put("tributary.train.batch", Integer.toString(batch));
    facts.put("tributary.train.spark.master", master == null ? "default" : master);
    Path model = dir.resolve("model.safetensors");
    ModelFile.save(net, model, facts);
    written.add(model);
    Path csv = dir.resolve("history.csv");
    history.writeCsv(csv);
    written.add(csv);
    if (!noPlots) {
      written.addAll(Charts.write(dir, history));
    }
    stdout.println("wrote:");
    for (Path p : written) {
      stdout.println("  " + p);
    }
    return 0;
  }

  private static Dataset<Row> read(SparkSession spark, String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet") || Files.isDirectory(Path.of(file))) {
      return spark.read().parquet(file);
    }
    if (lower.endsWith(".csv")) {
      return spark.read().option("header", "true").option("inferSchema", "true").csv(file);
    }
    throw new IllegalArgumentException(
        "--data " + file + ": give a .csv file (with a header row) or a .parquet file or folder");
  }

  private Optimizer optimizer(Network net) {
    return switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "sgd" -> new SGD(net.parameters().values(), lr).momentum(momentum);
      case "adam" -> new Adam(net.parameters().values(), lr);
      case "adamw" -> new AdamW(net.parameters().values(), lr, 0.01f);
      default ->
          throw new IllegalArgumentException(
              "unknown optimizer '" + optimizer + "'; use sgd, adam or adamw");
    };
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
