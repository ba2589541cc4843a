package dev.tributary.graph.train;

import dev.tributary.graph.Network;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.LrSchedule;
import dev.tributary.graph.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures a {@link Trainer}; start with {@link Trainer#builder}. Defaults: 10 epochs, batches of
 * 32, seed 0, shuffled, running training metrics, no schedule, no early stopping (when set, it
 * restores the best epoch's weights), {@link NonFiniteGuard#RESTORE}, {@link Decision#AUTO} (the
 * loss's decision) on the first loss term's output, evaluation in chunks of 1000 rows.
 */
public final class TrainerBuilder {
  final Network network;
  final Loss singleLoss;
  final MultiLoss multiLoss;
  final Optimizer optimizer;
  int epochs = 10;
  int batchSize = 32;
  long seed;
  BatchOrder order = BatchOrder.SHUFFLED;
  TrainMetrics trainMetrics = TrainMetrics.RUNNING;
  LrSchedule schedule;
  Metric scheduleMetric = Metric.TRAIN_LOSS;
  int patience;
  AtStop atStop = AtStop.RESTORE_BEST;
  NonFiniteGuard guard = NonFiniteGuard.RESTORE;
  final List<TrainingListener> listeners = new ArrayList<>();
  String classifiedOutput;
  String classifiedTarget;
  Decision decision = Decision.AUTO;
  int evalBatchSize = 1000;

  TrainerBuilder(Network network, Loss singleLoss, MultiLoss multiLoss, Optimizer optimizer) {
    if (network == null || (singleLoss == null && multiLoss == null) || optimizer == null) {
      throw new IllegalArgumentException("Trainer.builder: network, loss and optimizer are needed");
    }
    this.network = network;
    this.singleLoss = singleLoss;
    this.multiLoss = multiLoss;
    this.optimizer = optimizer;
  }

  /**
   * Sets the number of epochs.
   *
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public TrainerBuilder epochs(int epochs) {
    this.epochs = positive("epochs", epochs);
    return this;
  }

  /**
   * Sets the mini-batch size (capped at the dataset size; the last partial batch is trained on).
   *
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public TrainerBuilder batchSize(int batchSize) {
    this.batchSize = positive("batch size", batchSize);
    return this;
  }

  /** Sets the seed of the shuffling. */
  public TrainerBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Sets the order of the rows each epoch. */
  public TrainerBuilder order(BatchOrder order) {
    this.order = nonNull("order", order);
    return this;
  }

  /** Sets how the training loss and error rate are measured. */
  public TrainerBuilder trainMetrics(TrainMetrics trainMetrics) {
    this.trainMetrics = nonNull("trainMetrics", trainMetrics);
    return this;
  }

  /**
   * Calls {@code schedule.step(metric of the epoch)} after every epoch.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public TrainerBuilder schedule(LrSchedule schedule, Metric monitored) {
    this.schedule = nonNull("schedule", schedule);
    this.scheduleMetric = nonNull("monitored metric", monitored);
    return this;
  }

  /**
   * Stops when the validation loss (the training loss without a validation set) has not improved
   * for {@code patience} epochs in a row, and at the end puts back the weights of the best epoch
   * ({@link AtStop#RESTORE_BEST}); 0 turns early stopping off.
   *
   * @throws IllegalArgumentException if {@code patience < 0}
   */
  public TrainerBuilder earlyStopping(int patience) {
    return earlyStopping(patience, AtStop.RESTORE_BEST);
  }

  /**
   * Stops when the validation loss (the training loss without a validation set) has not improved
   * for {@code patience} epochs in a row; {@code atStop} says which weights the network keeps at
   * the end: the best epoch's ({@link AtStop#RESTORE_BEST}, one copy of the parameters kept when
   * the monitored loss improves) or the last epoch's ({@link AtStop#KEEP_LAST}).
   *
   * @throws IllegalArgumentException if {@code patience < 0} or {@code atStop} is null
   */
  public TrainerBuilder earlyStopping(int patience, AtStop atStop) {
    if (patience < 0) {
      throw new IllegalArgumentException("early-stopping patience must be ≥ 0, got " + patience);
    }
    this.patience = patience;
    this.atStop = nonNull("atStop", atStop);
    return this;
  }

  /** Sets the guard against NaN and infinities. */
  public TrainerBuilder guard(NonFiniteGuard guard) {
    this.guard = nonNull("guard", guard);
    return this;
  }

  /** Adds a listener of the epochs. */
  public TrainerBuilder listener(TrainingListener listener) {
    listeners.add(nonNull("listener", listener));
    return this;
  }

  /** Sets how outputs become classes for the error counts. */
  public TrainerBuilder decision(Decision decision) {
    this.decision = nonNull("decision", decision);
    return this;
  }

  /**
   * Counts the errors of output {@code output} against target {@code target} (default: the first
   * loss term's), decided by {@code decision}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public TrainerBuilder classify(String output, String target, Decision decision) {
    this.classifiedOutput = nonNull("output", output);
    this.classifiedTarget = nonNull("target", target);
    this.decision = nonNull("decision", decision);
    return this;
  }

  /**
   * Sets the rows per forward pass when evaluating (default 1000).
   *
   * @throws IllegalArgumentException if {@code rows < 1}
   */
  public TrainerBuilder evalBatchSize(int rows) {
    this.evalBatchSize = positive("evaluation batch size", rows);
    return this;
  }

  /**
   * Builds the trainer.
   *
   * @throws IllegalArgumentException if the loss does not fit the network's outputs
   */
  public Trainer build() {
    return Trainer.create(this);
  }

  /**
   * Returns the options set so far that do not depend on how steps run (epochs, batch size, seed,
   * order, guard, schedule, listeners, error counting), for a trainer that runs its steps
   * elsewhere.
   */
  public TrainingOptions options() {
    return new TrainingOptions(
        epochs,
        batchSize,
        seed,
        order,
        guard,
        schedule,
        scheduleMetric,
        listeners,
        classifiedOutput,
        classifiedTarget,
        decision);
  }

  private static int positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be ≥ 1, got " + value);
    }
    return value;
  }

  private static <T> T nonNull(String what, T value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    return value;
  }
}
