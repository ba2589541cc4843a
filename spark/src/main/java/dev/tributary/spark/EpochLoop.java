package dev.tributary.spark;

import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.TrainingListener;
import dev.tributary.graph.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One call of {@link SparkTrainer#fit}: the epoch loop, its records and listeners, and the state
 * its steps share (the driver's network, optimizer and flat parameter layout, the cached blocks,
 * the epoch's running sums). An epoch's steps are run by {@link SyncSteps} or {@link LocalRounds}.
 */
final class EpochLoop {
  /** How one epoch's steps run. */
  interface Mode {
    /** Trains one epoch, adding its statistics with {@link EpochLoop#stats}. */
    void epoch(int epoch);
  }

  final JavaSparkContext jsc;
  final TaskConfig config;
  final TrainingOptions options;
  final SparkTrainerBuilder b;
  final Network network;
  final Optimizer optimizer;
  final Parameter[] params;
  final int parameterCount;
  final JavaRDD<Block> blocks;
  final int n;
  final int largest;
  final int length;
  private final JavaRDD<Block> valBlocks;
  private final List<TrainingListener> listeners;
  private double lossSum;
  private double errors;
  private double decisions;

  EpochLoop(
      SparkTrainer trainer,
      JavaSparkContext jsc,
      TaskConfig config,
      JavaRDD<Block> blocks,
      JavaRDD<Block> valBlocks,
      int n,
      int largest) {
    this.jsc = jsc;
    this.config = config;
    this.options = trainer.options;
    this.b = trainer.b;
    this.network = trainer.network();
    this.optimizer = trainer.optimizer;
    this.params = trainer.params;
    this.parameterCount = trainer.parameterCount;
    this.listeners = trainer.listeners;
    this.blocks = blocks;
    this.valBlocks = valBlocks;
    this.n = n;
    this.largest = largest;
    this.length = parameterCount + Worker.STATS;
  }

  History run() {
    Mode mode = b.localOptimizer == null ? new SyncSteps(this) : new LocalRounds(this);
    int epochs = options.epochs();
    List<EpochRecord> records = new ArrayList<>(epochs);
    for (TrainingListener l : listeners) {
      l.onStart(epochs);
    }
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      double lr = optimizer.learningRate();
      lossSum = 0;
      errors = 0;
      decisions = 0;
      mode.epoch(epoch);
      long trained = System.nanoTime();
      double valLoss = Double.NaN;
      double valError = Double.NaN;
      if (valBlocks != null) {
        double[] s = withParameters(bp -> Jobs.evaluate(valBlocks, config, bp, b.treeDepth));
        valLoss = s[0] / s[1];
        valError = s[3] == 0 ? 0 : s[2] / s[3];
      }
      EpochRecord record =
          new EpochRecord(
              epoch,
              lossSum / n,
              decisions == 0 ? 0 : errors / decisions,
              valLoss,
              valError,
              lr,
              (trained - start) / 1e6,
              (System.nanoTime() - start) / 1e6);
      records.add(record);
      listeners.forEach(l -> l.onEpoch(record));
      options.stepSchedule(record);
    }
    History h = new History(records, false);
    for (TrainingListener l : listeners) {
      l.onEnd(h);
    }
    return h;
  }

  /** Adds a job's loss, error and decision sums (after the parameters) to the epoch's. */
  void stats(double[] total) {
    lossSum += total[parameterCount];
    errors += total[parameterCount + 2];
    decisions += total[parameterCount + 3];
  }

  /**
   * Broadcasts the driver's parameters (flattened in the network's parameter order), runs {@code
   * job} with them and destroys the broadcast.
   */
  double[] withParameters(Function<Broadcast<float[]>, double[]> job) {
    Broadcast<float[]> bp = jsc.broadcast(flatParameters());
    try {
      return job.apply(bp);
    } finally {
      bp.destroy();
    }
  }

  private float[] flatParameters() {
    float[] flat = new float[parameterCount];
    int off = 0;
    for (Parameter p : params) {
      float[] v = p.value().data();
      System.arraycopy(v, 0, flat, off, v.length);
      off += v.length;
    }
    return flat;
  }
}
