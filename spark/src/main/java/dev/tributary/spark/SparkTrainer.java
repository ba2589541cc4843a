package dev.tributary.spark;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.LrSchedule;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.BatchOrder;
import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.NonFiniteException;
import dev.tributary.graph.train.NonFiniteGuard;
import dev.tributary.graph.train.TrainingListener;
import dev.tributary.graph.train.UndoBuffer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
  private final SparkTrainerBuilder b;
  private final Network network;
  private final Optimizer optimizer;
  private final UndoBuffer undo;
  private final Parameter[] params;
  private final int parameterCount;
  private final String classifiedOutput;
  private final String classifiedTarget;
  private final ImmutableList<TrainingListener> listeners;
  private History history;

  SparkTrainer(SparkTrainerBuilder b) {
    this.b = b;
    this.network = b.network;
    this.optimizer = b.optimizer;
    this.undo = new UndoBuffer(b.optimizer);
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
    this.classifiedOutput = b.classifiedOutput != null ? b.classifiedOutput : first.output();
    this.classifiedTarget = b.classifiedTarget != null ? b.classifiedTarget : first.target();
    List<TrainingListener> all = new ArrayList<>(b.listeners);
    if (b.progress != null) {
      all.add(0, new ProgressLine(b.progress, b.epochs));
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
            b.decision,
            b.batchSize,
            b.seed,
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
      Loop loop = new Loop(jsc, config, blocks, valBlocks, (int) n, largest);
      history = loop.run();
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

  /** One call of {@link #fit}: the epoch loop and its per-step jobs. */
  private final class Loop {
    private final JavaSparkContext jsc;
    private final TaskConfig config;
    private final JavaRDD<Block> blocks;
    private final JavaRDD<Block> valBlocks;
    private final int n;
    private final int largest;
    private final int length;
    private double lossSum;
    private double errors;
    private double decisions;

    Loop(
        JavaSparkContext jsc,
        TaskConfig config,
        JavaRDD<Block> blocks,
        JavaRDD<Block> valBlocks,
        int n,
        int largest) {
      this.jsc = jsc;
      this.config = config;
      this.blocks = blocks;
      this.valBlocks = valBlocks;
      this.n = n;
      this.largest = largest;
      this.length = parameterCount + Worker.STATS;
    }

    History run() {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      SplittableRandom rng = new SplittableRandom(b.seed);
      List<EpochRecord> records = new ArrayList<>(b.epochs);
      for (TrainingListener l : listeners) {
        l.onStart(b.epochs);
      }
      for (int epoch = 1; epoch <= b.epochs; epoch++) {
        long start = System.nanoTime();
        double lr = optimizer.learningRate();
        lossSum = 0;
        errors = 0;
        decisions = 0;
        if (b.localOptimizer == null) {
          syncEpoch(epoch, order, rng);
        } else {
          localEpoch(epoch);
        }
        long trained = System.nanoTime();
        double valLoss = Double.NaN;
        double valError = Double.NaN;
        if (valBlocks != null) {
          Broadcast<float[]> bp = jsc.broadcast(flatParameters());
          double[] s = Jobs.evaluate(valBlocks, config, bp, b.treeDepth);
          bp.destroy();
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
        for (TrainingListener l : listeners) {
          l.onEpoch(record);
        }
        LrSchedule schedule = b.schedule;
        if (schedule != null) {
          schedule.step(b.scheduleMetric.of(record));
        }
      }
      History h = new History(records, false);
      for (TrainingListener l : listeners) {
        l.onEnd(h);
      }
      return h;
    }

    private void syncEpoch(int epoch, int[] order, SplittableRandom rng) {
      if (b.order == BatchOrder.SHUFFLED) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
      }
      int[] rankOfRow = new int[n];
      for (int i = 0; i < n; i++) {
        rankOfRow[order[i]] = i;
      }
      Broadcast<int[]> ranks = jsc.broadcast(rankOfRow);
      try {
        int batch = Math.min(b.batchSize, n);
        int steps = (n + batch - 1) / batch;
        for (int s = 0; s < steps; s++) {
          int from = s * batch;
          int to = Math.min(n, from + batch);
          Broadcast<float[]> bp = jsc.broadcast(flatParameters());
          double[] total;
          try {
            total = Jobs.gradient(blocks, config, length, bp, ranks, epoch, from, to, b.treeDepth);
          } finally {
            bp.destroy();
          }
          update(total, ranks, from, to, epoch, s + 1);
        }
      } finally {
        ranks.destroy();
      }
    }

    private void update(
        double[] total, Broadcast<int[]> ranks, int from, int to, int epoch, int step) {
      stats(total);
      int off = 0;
      boolean finiteGrad = true;
      for (Parameter p : params) {
        float[] g = p.grad().data();
        for (int i = 0; i < g.length; i++) {
          g[i] = (float) total[off + i];
          finiteGrad &= Float.isFinite(g[i]);
        }
        off += g.length;
      }
      NonFiniteGuard guard = b.guard;
      boolean finiteLoss = Double.isFinite(total[parameterCount]);
      if ((guard != NonFiniteGuard.OFF && !finiteLoss)
          || (guard == NonFiniteGuard.CHECK && !finiteGrad)) {
        throw replay(ranks, from, to, epoch, step);
      }
      boolean restore = guard == NonFiniteGuard.RESTORE;
      if (restore) {
        undo.save();
      }
      optimizer.step();
      if (guard != NonFiniteGuard.OFF && !optimizer.lastStepFinite()) {
        if (restore) {
          undo.restore();
        }
        throw replay(ranks, from, to, epoch, step);
      }
    }

    /** Re-runs the failed batch with a single-machine Trainer step, which names the culprit. */
    private RuntimeException replay(Broadcast<int[]> ranks, int from, int to, int epoch, int step) {
      Map<String, Tensor>[] batch = Jobs.batch(blocks, ranks, from, to);
      return Replay.diagnose(network, config.objective(), optimizer, b.guard, batch, epoch, step);
    }

    private void localEpoch(int epoch) {
      int localBatches = (largest + b.batchSize - 1) / b.batchSize;
      int rounds = (localBatches + b.localSteps - 1) / b.localSteps;
      boolean shuffle = b.order == BatchOrder.SHUFFLED;
      for (int r = 0; r < rounds; r++) {
        int first = r * b.localSteps;
        int last = Math.min(localBatches, first + b.localSteps);
        Broadcast<float[]> bp = jsc.broadcast(flatParameters());
        double[] total;
        try {
          total =
              Jobs.localRound(
                  blocks,
                  config,
                  length,
                  bp,
                  shuffle,
                  epoch,
                  first,
                  last,
                  optimizer.learningRate(),
                  b.treeDepth);
        } finally {
          bp.destroy();
        }
        stats(total);
        double rows = total[parameterCount + 1];
        int off = 0;
        for (Parameter p : params) {
          float[] v = p.value().data();
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (total[off + i] / rows);
          }
          off += v.length;
        }
        if (b.guard != NonFiniteGuard.OFF && !Double.isFinite(total[parameterCount])) {
          throw new ArithmeticException(
              String.format(
                  "SparkTrainer (local SGD): epoch %d, round %d: the loss went non-finite (NaN or"
                      + " infinity); lower the learning rate or check the inputs' scale",
                  epoch, r + 1));
        }
      }
    }

    private void stats(double[] total) {
      lossSum += total[parameterCount];
      errors += total[parameterCount + 2];
      decisions += total[parameterCount + 3];
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

  /** The per-epoch progress line. */
  private static final class ProgressLine implements TrainingListener {
    private final PrintStream out;
    private final int epochs;

    ProgressLine(PrintStream out, int epochs) {
      this.out = out;
      this.epochs = epochs;
    }

    @Override
    public void onEpoch(EpochRecord r) {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "spark epoch %d/%d: loss %.6f, train error %.2f%%",
                  r.epoch(),
                  epochs,
                  r.trainLoss(),
                  100 * r.trainErrorRate()));
      if (!Double.isNaN(r.validationLoss())) {
        sb.append(
            String.format(
                Locale.ROOT,
                ", validation loss %.6f, error %.2f%%",
                r.validationLoss(),
                100 * r.validationErrorRate()));
      }
      sb.append(String.format(Locale.ROOT, ", lr %.4g, %.0f ms", r.learningRate(), r.millis()));
      out.println(sb);
    }
  }
}
