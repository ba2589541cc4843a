package dev.tributary.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tributary.graph.Network;
import dev.tributary.graph.optim.LrSchedule;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.BatchOrder;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import dev.tributary.graph.train.TrainingListener;
import dev.tributary.graph.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures a {@link SparkTrainer}; start with {@link SparkTrainer#builder}. The options a {@code
 * Trainer} also has (epochs, batch, seed, order, guard, schedule, listeners, error counting) are
 * kept by a {@link TrainerBuilder}, so their defaults, checks and messages are the {@code
 * Trainer}'s: 10 epochs, a global batch of 32 rows, seed 0, shuffled, {@link
 * NonFiniteGuard#RESTORE}. Spark's own defaults: synchronous steps, a progress line per epoch on
 * {@code System.out}, {@code treeAggregate} depth 2.
 */
public final class SparkTrainerBuilder {
  final Network network;
  final LossFactory loss;
  final MultiLossFactory multiLoss;
  final Optimizer optimizer;
  final Map<String, ColumnSource> features = new LinkedHashMap<>();
  final Map<String, ColumnSource> targets = new LinkedHashMap<>();
  private final TrainerBuilder common;
  PrintStream progress = System.out;
  int localSteps;
  OptimizerFactory localOptimizer;
  int treeDepth = 2;
  Path initialModel;

  SparkTrainerBuilder(
      Network network, LossFactory loss, MultiLossFactory multiLoss, Optimizer optimizer) {
    if (network == null || (loss == null && multiLoss == null) || optimizer == null) {
      throw new IllegalArgumentException(
          "SparkTrainer.builder: network, loss factory and optimizer are needed");
    }
    this.network = network;
    this.loss = loss;
    this.multiLoss = multiLoss;
    this.optimizer = optimizer;
    this.common =
        loss != null
            ? Trainer.builder(network, loss.create(), optimizer)
            : Trainer.builder(network, multiLoss.create(), optimizer);
  }

  /** Returns the options shared with {@code Trainer}, as set so far. */
  TrainingOptions options() {
    return common.options();
  }

  /**
   * Feeds the network's lone input from these numeric columns, in order.
   *
   * @throws IllegalArgumentException if the network has several inputs or a name is blank
   */
  public SparkTrainerBuilder features(String... columns) {
    return inputColumns(loneInput(), columns);
  }

  /**
   * Feeds input node {@code input} from these numeric columns, in order.
   *
   * @throws IllegalArgumentException if {@code input} is not an input of the network or a name is
   *     blank
   */
  public SparkTrainerBuilder inputColumns(String input, String... columns) {
    checkInput(input);
    features.put(input, new ColumnSource(input, list(columns), false));
    return this;
  }

  /**
   * Feeds the network's lone input from one ML {@code Vector} column (as {@code VectorAssembler}
   * makes).
   *
   * @throws IllegalArgumentException if the network has several inputs or the name is blank
   */
  public SparkTrainerBuilder vectorFeatures(String column) {
    return vectorFeatures(loneInput(), column);
  }

  /**
   * Feeds input node {@code input} from one ML {@code Vector} column.
   *
   * @throws IllegalArgumentException if {@code input} is not an input of the network or the name is
   *     blank
   */
  public SparkTrainerBuilder vectorFeatures(String input, String column) {
    checkInput(input);
    features.put(input, new ColumnSource(input, List.of(column), true));
    return this;
  }

  /**
   * Takes the single loss's target from these numeric columns, in order.
   *
   * @throws IllegalArgumentException if a name is blank
   */
  public SparkTrainerBuilder targets(String... columns) {
    return targetColumns(Dataset.TARGETS, columns);
  }

  /**
   * Takes target {@code name} (as a {@link dev.tributary.graph.loss.LossTerm} names it) from these
   * numeric columns.
   *
   * @throws IllegalArgumentException if a name is blank
   */
  public SparkTrainerBuilder targetColumns(String name, String... columns) {
    targets.put(name, new ColumnSource(name, list(columns), false));
    return this;
  }

  /**
   * Sets the number of epochs.
   *
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public SparkTrainerBuilder epochs(int epochs) {
    common.epochs(epochs);
    return this;
  }

  /**
   * Sets the global batch size: the rows of one synchronous step, over all partitions together (in
   * local-SGD mode, the rows of one local step of one partition).
   *
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public SparkTrainerBuilder batchSize(int batchSize) {
    common.batchSize(batchSize);
    return this;
  }

  /** Sets the seed of the per-epoch shuffle (the same as {@code Trainer}'s for the same data). */
  public SparkTrainerBuilder seed(long seed) {
    common.seed(seed);
    return this;
  }

  /** Sets the order of the rows each epoch. */
  public SparkTrainerBuilder order(BatchOrder order) {
    common.order(order);
    return this;
  }

  /** Sets the guard against NaN and infinities (as {@code Trainer}'s). */
  public SparkTrainerBuilder guard(NonFiniteGuard guard) {
    common.guard(guard);
    return this;
  }

  /**
   * Calls {@code schedule.step(metric of the epoch)} after every epoch.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public SparkTrainerBuilder schedule(LrSchedule schedule, Metric monitored) {
    common.schedule(schedule, monitored);
    return this;
  }

  /** Adds a listener of the epochs. */
  public SparkTrainerBuilder listener(TrainingListener listener) {
    common.listener(listener);
    return this;
  }

  /** Prints the progress line of each epoch to {@code out}; {@code null} prints nothing. */
  public SparkTrainerBuilder progress(PrintStream out) {
    this.progress = out;
    return this;
  }

  /**
   * Counts errors of output {@code output} against target {@code target}, decided by {@code
   * decision} (default: the first loss term's, {@link Decision#AUTO}).
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public SparkTrainerBuilder classify(String output, String target, Decision decision) {
    common.classify(output, target, decision);
    return this;
  }

  /** Sets how outputs become classes for the error counts. */
  public SparkTrainerBuilder decision(Decision decision) {
    common.decision(decision);
    return this;
  }

  /**
   * Switches to local SGD: each round, every partition takes {@code steps} steps of {@link
   * #batchSize} of its own rows with a fresh optimizer from {@code factory} (at the driver
   * optimizer's current learning rate), and the driver averages the partitions' parameters weighted
   * by the rows they trained on. Fewer jobs than synchronous steps, not equal to {@code Trainer}.
   *
   * @throws IllegalArgumentException if {@code steps < 1} or {@code factory} is null
   */
  public SparkTrainerBuilder localSgd(int steps, OptimizerFactory factory) {
    checkArgument(steps >= 1, "local steps must be ≥ 1, got %s", steps);
    checkArgument(factory != null, "local optimizer factory is null");
    this.localSteps = steps;
    this.localOptimizer = factory;
    return this;
  }

  /**
   * Sets the depth of {@code treeAggregate} (2 by default; deeper trees help with many partitions).
   *
   * @throws IllegalArgumentException if {@code depth < 1}
   */
  public SparkTrainerBuilder treeDepth(int depth) {
    checkArgument(depth >= 1, "tree depth must be ≥ 1, got %s", depth);
    this.treeDepth = depth;
    return this;
  }

  /**
   * Starts from the parameters of a model file (read and checked at {@link #build}, before any
   * Spark job): its graph must be the network's.
   *
   * @throws IllegalArgumentException if {@code file} is null
   */
  public SparkTrainerBuilder initialModel(Path file) {
    checkArgument(file != null, "initial model file is null");
    this.initialModel = file;
    return this;
  }

  /**
   * Builds the trainer.
   *
   * @throws IllegalArgumentException if the loss, the columns or the network do not fit together,
   *     or the initial model file cannot be read or holds another graph
   */
  public SparkTrainer build() {
    return new SparkTrainer(this);
  }

  private String loneInput() {
    if (network.inputs().size() != 1) {
      throw new IllegalArgumentException(
          "SparkTrainer: the network has inputs "
              + network.inputs()
              + "; name the input: inputColumns(input, columns...)");
    }
    return network.inputs().get(0);
  }

  private void checkInput(String input) {
    if (!network.inputs().contains(input)) {
      throw new IllegalArgumentException(
          "SparkTrainer: `"
              + input
              + "` is not an input of the network; its inputs are "
              + network.inputs());
    }
  }

  private static List<String> list(String[] columns) {
    if (columns == null) {
      throw new IllegalArgumentException("columns are null; pass at least one column name");
    }
    return Arrays.asList(columns);
  }
}
