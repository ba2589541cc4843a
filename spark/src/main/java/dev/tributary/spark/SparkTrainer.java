package dev.tributary.spark;

import com.google.common.collect.ImmutableList;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.NonFiniteException;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.TrainingListener;
import dev.tributary.graph.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Synchronous data-parallel training on Spark with the single-machine {@link Network} inside each
 * task. Each step the driver broadcasts the parameters; every partition computes the gradient sum
 * of its share of the global batch with a network it built once per executor thread; {@code
 * treeAggregate} adds the shares; the driver steps the same {@link Optimizer} a {@code Trainer}
 * would. Epochs shuffle the rows with the {@code Trainer}'s seeded permutation, so the same seed,
 * data and global batch give the {@code Trainer}'s parameters to float precision.
 *
 * <pre>{@code
 * Network net = GraphSpec.read(Path.of("seed.json")).build(1);
 * Adam adam = new Adam(net.parameters().values(), 0.01f);
 * SparkTrainer trainer = SparkTrainer.builder(net, MSELoss::new, adam)
 *     .features("x1", "x2").targets("label")
 *     .epochs(20).batchSize(1000).seed(1)
 *     .build();
 * Network trained = trainer.fit(rows);          // the same object as net, trained
 * }</pre>
 *
 * <p>Rows are read once into cached float blocks, each tagged with its index in the dataset's
 * order; the dataset's order must therefore be deterministic (a file read, not a shuffle's output).
 * Partial sums are added in a fixed tree over the partitions ({@link CanonicalSum}), so a re-run
 * with the same partitioning is bitwise equal, and a retried task changes nothing.
 *
 * <p>Errors: a missing or non-numeric value is a {@link ColumnValueException} naming the column and
 * row; a non-finite loss, gradient or update stops training with the {@link NonFiniteException} a
 * {@code Trainer} would throw on that batch (the batch is replayed on the driver to find the node),
 * and with {@link NonFiniteGuard#RESTORE} the parameters keep their last finite values.
 */
public final class SparkTrainer {
  final SparkTrainerBuilder b;
  final TrainingOptions options;
  private final Network network;
  final Optimizer optimizer;
  final Parameter[] params;
  final int parameterCount;
  private final String classifiedOutput;
  private final String classifiedTarget;
  final ImmutableList<TrainingListener> listeners;
  private History history;

  SparkTrainer(SparkTrainerBuilder b) {
    this.b = b;
    this.options = b.options();
    this.network = b.network;
    this.optimizer = b.optimizer;
    MultiLoss objective;
    if (b.loss != null) {
      if (network.outputs().size() != 1) {
        throw new IllegalArgumentException(
            "SparkTrainer: the network has outputs "
                + network.outputs()
                + "; with several outputs pass a MultiLossFactory");
      }
      objective =
          MultiLoss.of(
              LossTerm.of(
                  network.outputs().get(0),
                  b.loss.create(),
                  dev.tributary.graph.train.Dataset.TARGETS));
    } else {
      objective = b.multiLoss.create();
    }
    for (LossTerm t : objective.terms()) {
      if (!network.outputs().contains(t.output())) {
        throw new IllegalArgumentException(
            "SparkTrainer: the loss names output `"
                + t.output()
                + "` but the network's outputs are "
                + network.outputs());
      }
      if (!b.targets.containsKey(t.target())) {
        throw new IllegalArgumentException(
            "SparkTrainer: no columns for target `"
                + t.target()
                + "`; call targetColumns(\""
                + t.target()
                + "\", columns...)");
      }
    }
    for (String input : network.inputs()) {
      ColumnSource s = b.features.get(input);
      if (s == null) {
        throw new IllegalArgumentException(
            "SparkTrainer: no columns for input `" + input + "`; call features(...) for it");
      }
      int width = network.width(input);
      if (s.knownWidth() >= 0 && s.knownWidth() != width) {
        throw new IllegalArgumentException(
            String.format(
                "SparkTrainer: input `%s` takes %d features but %d columns are given (%s)",
                input, width, s.knownWidth(), s.columns));
      }
    }
    if (b.initialModel != null) {
      InitialModel.copyInto(b.initialModel, network);
    }
    this.params = network.parameters().values().toArray(new Parameter[0]);
    int count = 0;
    for (Parameter p : params) {
      count += p.size();
    }
    this.parameterCount = count;
    LossTerm first = objective.terms().get(0);
    this.classifiedOutput =
        options.classifiedOutput() != null ? options.classifiedOutput() : first.output();
    this.classifiedTarget =
        options.classifiedTarget() != null ? options.classifiedTarget() : first.target();
    List<TrainingListener> all = new ArrayList<>(options.listeners());
    if (b.progress != null) {
      all.add(0, new ProgressLine(b.progress, options.epochs()));
    }
    this.listeners = ImmutableList.copyOf(all);
  }

  /**
   * Starts a trainer of a single-output network with one loss against the single target.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static SparkTrainerBuilder builder(
      Network network, LossFactory loss, Optimizer optimizer) {
    return new SparkTrainerBuilder(network, loss, null, optimizer);
  }

  /**
   * Starts a trainer that minimises a weighted sum of per-output losses.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static SparkTrainerBuilder builder(
      Network network, MultiLossFactory loss, Optimizer optimizer) {
    return new SparkTrainerBuilder(network, null, loss, optimizer);
  }

  /** Returns the network being trained (the driver's copy; {@link #fit} updates it in place). */
  public Network network() {
    return network;
  }

  /** Returns the history of the last {@link #fit}, or null before the first. */
  public History history() {
    return history;
  }

  /**
   * Trains on {@code train} and returns the trained network.
   *
   * @throws ColumnValueException if a feature or target value is missing or not a number
   * @throws NonFiniteException if the loss, a gradient or a parameter goes non-finite
   * @throws IllegalArgumentException if a column is missing or of the wrong type
   */
  public Network fit(Dataset<Row> train) {
    return fit(train, null);
  }

  /**
   * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch, and
   * returns the trained network.
   *
   * @throws ColumnValueException if a feature or target value is missing or not a number
   * @throws NonFiniteException if the loss, a gradient or a parameter goes non-finite
   * @throws IllegalArgumentException if a column is missing or of the wrong type
   */
  public Network fit(Dataset<Row> train, Dataset<Row> validation) {
    if (train == null) {
      throw new IllegalArgumentException("SparkTrainer: the training data is null");
    }
    List<ColumnSource> f = new ArrayList<>();
    for (String input : network.inputs()) {
      f.add(b.features.get(input));
    }
    List<ColumnSource> t = new ArrayList<>(b.targets.values());
    RowBlocks.checkSchema(train.schema(), concat(f, t), "SparkTrainer");
    if (validation != null) {
      RowBlocks.checkSchema(validation.schema(), concat(f, t), "SparkTrainer (validation)");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    TaskConfig config =
        new TaskConfig(
            UUID.randomUUID().toString(),
            GraphSpec.of(network).toJson(),
            b.loss,
            b.multiLoss,
            b.loss != null ? network.outputs().get(0) : null,
            ImmutableList.copyOf(network.parameters().keySet()),
            classifiedOutput,
            classifiedTarget,
            options.decision(),
            options.batchSize(),
            options.seed(),
            b.localOptimizer,
            b.localSteps);
    JavaRDD<Block> blocks = RowBlocks.read(train, f, t, "SparkTrainer");
    JavaRDD<Block> valBlocks = null;
    try {
      valBlocks = validation == null ? null : RowBlocks.read(validation, f, t, "SparkTrainer");
      List<Integer> sizes = blocks.map(Block::size).collect();
      long n = 0;
      int largest = 0;
      for (int s : sizes) {
        n += s;
        largest = Math.max(largest, s);
      }
      if (n == 0 || n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "SparkTrainer: the training data has " + n + " rows; need 1 to 2^31 - 9");
      }
      history = new EpochLoop(this, jsc, config, blocks, valBlocks, (int) n, largest).run();
      return network;
    } catch (Exception e) { // Spark's SparkException is checked but thrown from Scala unchecked
      throw RowBlocks.rethrow(e);
    } finally {
      blocks.unpersist(false);
      if (valBlocks != null) {
        valBlocks.unpersist(false);
      }
      Workers.forget(config.runId);
    }
  }

  private static List<ColumnSource> concat(List<ColumnSource> a, List<ColumnSource> b) {
    List<ColumnSource> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
