package dev.tributary.graph.train;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.LrSchedule;
import dev.tributary.graph.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop: epochs of mini-batches, each a step of forward pass, loss, backward pass and
 * optimizer update; per-epoch history, an optional validation set, a learning-rate schedule, early
 * stopping, listeners, and a guard against NaN and infinities.
 *
 * <pre>{@code
 * SGD sgd = new SGD(net.parameters().values(), 0.2f);
 * Trainer trainer = Trainer.builder(net, new MSELoss(), sgd)
 *     .epochs(2000).batchSize(100).seed(1)
 *     .schedule(new AdaptiveDecay(sgd), Metric.TRAIN_ERROR_RATE)
 *     .build();
 * History history = trainer.fit(train, test);
 * Evaluation result = trainer.evaluate(test);
 * }</pre>
 *
 * <p>A steady-state step allocates nothing: batches are gathered into reused buffers, the network,
 * the losses and the optimizer reuse theirs, and the guard's parameter copy is preallocated.
 *
 * <p>Names: a dataset's features are fed to the network inputs of the same names; a lone feature
 * tensor feeds a lone input whatever its name. With a single {@link Loss}, the network must have
 * one output and the dataset one target. With a {@link MultiLoss}, the targets are looked up by the
 * names its terms give.
 *
 * <p>Errors: a non-finite loss, gradient or updated parameter stops training with a {@link
 * NonFiniteException} naming the first non-finite node, the epoch and the batch; with the default
 * {@link NonFiniteGuard#RESTORE} the parameters, the optimizer's state (momentum buffers, Adam's
 * moments) and its step count are put back as they were before the failed step, so a caller can go
 * on training exactly as if that step had been skipped.
 *
 * <p>Early stopping ({@link TrainerBuilder#earlyStopping}) restores, by default, the weights of the
 * best epoch when the run ends ({@link History#restoredBestEpoch}).
 */
public final class Trainer {
  private final Network network;
  private final MultiLoss loss;
  private final boolean singleLoss;
  private final Optimizer optimizer;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final BatchOrder order;
  private final TrainMetrics trainMetrics;
  private final LrSchedule schedule;
  private final Metric scheduleMetric;
  private final int patience;
  private final NonFiniteGuard guard;
  private final ImmutableList<TrainingListener> listeners;
  private final Evaluator evaluator;
  private final Parameter[] params;
  private final long[] confusion = new long[4];
  private final String classifiedOutput;
  private final String classifiedTarget;
  private final UndoBuffer undo;
  private final ParameterCopy best;
  private final AtStop atStop;

  private double lossSum;
  private long errors;
  private long decisions;

  /** The aligned views of the last two datasets, so evaluation reuses its buffers. */
  private Dataset alignedFrom;

  private Dataset aligned;
  private Dataset alignedFrom2;
  private Dataset aligned2;

  private Trainer(TrainerBuilder b) {
    this.network = b.network;
    this.singleLoss = b.singleLoss != null;
    if (singleLoss) {
      if (network.outputs().size() != 1) {
        throw new IllegalArgumentException(
            "Trainer: the network has outputs "
                + network.outputs()
                + "; with several outputs pass a MultiLoss naming the output of each loss");
      }
      this.loss =
          MultiLoss.of(LossTerm.of(network.outputs().get(0), b.singleLoss, Dataset.TARGETS));
    } else {
      this.loss = b.multiLoss;
      for (String out : loss.outputs()) {
        if (!network.outputs().contains(out)) {
          throw new IllegalArgumentException(
              "Trainer: the loss names output `"
                  + out
                  + "` but the network's outputs are "
                  + network.outputs());
        }
      }
    }
    this.optimizer = b.optimizer;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.order = b.order;
    this.trainMetrics = b.trainMetrics;
    this.schedule = b.schedule;
    this.scheduleMetric = b.scheduleMetric;
    this.patience = b.patience;
    this.guard = b.guard;
    this.listeners = ImmutableList.copyOf(b.listeners);
    LossTerm first = loss.terms().get(0);
    this.classifiedOutput = b.classifiedOutput != null ? b.classifiedOutput : first.output();
    this.classifiedTarget = b.classifiedTarget != null ? b.classifiedTarget : first.target();
    this.evaluator =
        new Evaluator(
            network,
            loss,
            classifiedOutput,
            classifiedTarget,
            TrainerChecks.decisionFor(b.decision, loss, classifiedOutput, classifiedTarget),
            b.evalBatchSize);
    this.params = optimizer.parameters().toArray(new Parameter[0]);
    TrainerChecks.requireOwnParameters(network, optimizer);
    this.undo = new UndoBuffer(optimizer);
    this.best = new ParameterCopy(params);
    this.atStop = b.atStop;
  }

  /** Returns the decision the error counts use (the loss's when the builder left it AUTO). */
  public Decision decision() {
    return evaluator.decision();
  }

  /**
   * Starts a trainer of a single-output network with one loss against the dataset's single target.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static TrainerBuilder builder(Network network, Loss loss, Optimizer optimizer) {
    return new TrainerBuilder(network, loss, null, optimizer);
  }

  /**
   * Starts a trainer that minimises a weighted sum of per-output losses.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static TrainerBuilder builder(Network network, MultiLoss loss, Optimizer optimizer) {
    return new TrainerBuilder(network, null, loss, optimizer);
  }

  static Trainer create(TrainerBuilder b) {
    return new Trainer(b);
  }

  /** Returns the network being trained. */
  public Network network() {
    return network;
  }

  /** Returns the optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Returns the objective: the loss terms and their weights. */
  public MultiLoss loss() {
    return loss;
  }

  /**
   * Trains on {@code train} without a validation set.
   *
   * @throws NonFiniteException if the loss, a gradient or a parameter goes non-finite
   * @throws IllegalArgumentException if the dataset does not fit the network or loss
   */
  public History fit(Dataset train) {
    return fit(train, null);
  }

  /**
   * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch.
   *
   * @throws NonFiniteException if the loss, a gradient or a parameter goes non-finite
   * @throws IllegalArgumentException if a dataset does not fit the network or loss
   */
  public History fit(Dataset train, Dataset validation) {
    Dataset tr = align(train);
    Dataset va = validation == null ? null : align(validation);
    Batches batches = tr.batches(batchSize);
    SplittableRandom rng = new SplittableRandom(seed);
    List<EpochRecord> records = new ArrayList<>(epochs);
    for (TrainingListener l : listeners) {
      l.onStart(epochs);
    }
    double bestValue = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int bad = 0;
    boolean stopped = false;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      double lr = optimizer.learningRate();
      if (order == BatchOrder.SHUFFLED) {
        batches.shuffle(rng);
      }
      lossSum = 0;
      errors = 0;
      decisions = 0;
      for (int b = 0; b < batches.count(); b++) {
        Batch batch = batches.get(b);
        step(batch.features(), batch.targets(), batch, epoch, b + 1);
      }
      long trained = System.nanoTime();
      double trainLoss = lossSum / tr.size();
      double trainError = decisions == 0 ? 0 : (double) errors / decisions;
      if (trainMetrics == TrainMetrics.FULL_PASS) {
        Evaluation e = evaluator.evaluate(tr, false);
        trainLoss = e.loss();
        trainError = e.errorRate();
      }
      double validationLoss = Double.NaN;
      double validationError = Double.NaN;
      if (va != null) {
        Evaluation e = evaluator.evaluate(va, false);
        validationLoss = e.loss();
        validationError = e.errorRate();
      }
      EpochRecord record =
          new EpochRecord(
              epoch,
              trainLoss,
              trainError,
              validationLoss,
              validationError,
              lr,
              (trained - start) / 1e6,
              (System.nanoTime() - start) / 1e6);
      records.add(record);
      for (TrainingListener l : listeners) {
        l.onEpoch(record);
      }
      if (schedule != null) {
        schedule.step(scheduleMetric.of(record));
      }
      if (patience > 0) {
        double monitored = va != null ? validationLoss : trainLoss;
        if (monitored < bestValue) {
          bestValue = monitored;
          bestEpoch = epoch;
          bad = 0;
          if (atStop == AtStop.RESTORE_BEST) {
            best.save();
          }
        } else if (++bad >= patience) {
          stopped = epoch < epochs;
          break;
        }
      }
    }
    boolean restored = false;
    if (patience > 0 && atStop == AtStop.RESTORE_BEST && bestEpoch > 0) {
      restored = bestEpoch != records.size();
      if (restored) {
        best.restore();
      }
    }
    History history = new History(records, stopped, bestEpoch, restored);
    for (TrainingListener l : listeners) {
      l.onEnd(history);
    }
    return history;
  }

  /**
   * Runs one training step on a batch given by name (features by network input, targets by the
   * names the loss uses): forward, loss, backward, update. Returns the loss before the update.
   *
   * @throws NonFiniteException if the loss, a gradient or a parameter goes non-finite
   * @throws IllegalArgumentException if the tensors do not fit the network or loss
   */
  public float step(Map<String, Tensor> features, Map<String, Tensor> targets) {
    return step(features, targets, null, 0, 0);
  }

  private float step(
      Map<String, Tensor> features, Map<String, Tensor> targets, Batch batch, int epoch, int no) {
    network.setTraining(true);
    Map<String, Tensor> outputs = network.forward(features);
    float value = loss.forward(outputs, targets);
    if (guard != NonFiniteGuard.OFF && !Float.isFinite(value)) {
      throw Diagnosis.badLoss(network, features, targets, batch, value, epoch, no);
    }
    if (trainMetrics == TrainMetrics.RUNNING) {
      int rows = outputs.get(classifiedOutput).dim(0);
      lossSum += (double) value * rows;
      errors += evaluator.count(outputs, targets, confusion);
      decisions += evaluator.decisions(outputs);
    }
    optimizer.zeroGrad();
    network.backward(loss.backward());
    if (guard == NonFiniteGuard.CHECK) {
      for (Parameter p : params) {
        if (!Elementwise.allFinite(p.grad())) {
          throw Diagnosis.badGradient(network, optimizer, null, false, epoch, no);
        }
      }
    }
    // RESTORE: the trainer copies the parameters and the optimizer's state and counters first, so
    // a non-finite update is undone exactly and training can go on as if it never happened.
    boolean restore = guard == NonFiniteGuard.RESTORE;
    if (restore) {
      undo.save();
    }
    optimizer.step();
    if (guard != NonFiniteGuard.OFF && !optimizer.lastStepFinite()) {
      String bad = Diagnosis.firstBadParameter(optimizer);
      if (restore) {
        undo.restore();
      }
      throw Diagnosis.badGradient(network, optimizer, bad, restore, epoch, no);
    }
    return value;
  }

  /**
   * Evaluates the network on {@code data}: mean loss, errors of the classified output, confusion.
   *
   * @throws IllegalArgumentException if the dataset does not fit the network or loss
   */
  public Evaluation evaluate(Dataset data) {
    return evaluator.evaluate(align(data));
  }

  /**
   * Renames a lone feature to the lone network input and, for a single loss, a lone target to the
   * loss's target name; checks the names.
   */
  private Dataset align(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("Trainer: the dataset is null");
    }
    Map<String, String> featureNames = ImmutableMap.of();
    if (data.features().size() == 1 && network.inputs().size() == 1) {
      featureNames =
          ImmutableMap.of(data.features().keySet().iterator().next(), network.inputs().get(0));
    } else if (!data.features().keySet().containsAll(network.inputs())) {
      throw new IllegalArgumentException(
          "Trainer: the network's inputs are "
              + network.inputs()
              + " but the dataset's features are "
              + data.features().keySet()
              + "; name each feature tensor after its input node");
    }
    Map<String, String> targetNames = ImmutableMap.of();
    if (singleLoss) {
      if (data.targets().size() != 1) {
        throw new IllegalArgumentException(
            "Trainer: a single loss needs a dataset with one target, got "
                + data.targets().keySet()
                + "; use a MultiLoss to say which target each output is compared with");
      }
      targetNames = ImmutableMap.of(data.targets().keySet().iterator().next(), Dataset.TARGETS);
    } else {
      for (LossTerm t : loss.terms()) {
        data.targets(t.target());
      }
    }
    if (featureNames.isEmpty() && targetNames.isEmpty()) {
      return data;
    }
    return cachedAlign(data, featureNames, targetNames);
  }

  private Dataset cachedAlign(
      Dataset data, Map<String, String> featureNames, Map<String, String> targetNames) {
    if (data == alignedFrom) {
      return aligned;
    }
    if (data == alignedFrom2) {
      return aligned2;
    }
    alignedFrom2 = alignedFrom;
    aligned2 = aligned;
    alignedFrom = data;
    aligned = data.renamed(featureNames, targetNames);
    return aligned;
  }
}
