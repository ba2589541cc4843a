package dev.tributary.examples.experiments;

import dev.tributary.core.Init;
import dev.tributary.examples.experiments.Nets.Activation;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.optim.StepLR;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Experiment 2, report 001 (the dictionary-based framework): SGD at lr 0.05 with MSE, 1000 training
 * and 200 test points, on
 *
 * <ol>
 *   <li>the single {@code Linear(2, 1)} model, followed by a sigmoid, on the linearly separable set
 *       (soft labels 0.8/0.2, class by {@code ≥ 0.5}); a bare linear output fits the soft labels by
 *       least squares, whose line is about 1–2% off, while the sigmoid lets the fit steepen around
 *       the boundary;
 *   <li>the same linear model on the disc, which cannot separate it (the report's 10–11%);
 *   <li>the converging two-branch graph ({@code Linear 2→25 → ReLU} and {@code Linear 2→25 → Tanh},
 *       summed, {@code Linear 25→1 → Sigmoid}) on the disc;
 *   <li>the 3×25 network (2-25-25-25-1, ReLU, sigmoid output) on the disc.
 * </ol>
 *
 * <p>Run: {@code ./tributary report001 [--epochs 1000] [--batch 10] [--seed 1]}.
 */
@Command(
    name = "report001",
    mixinStandardHelpOptions = true,
    description =
        "Report 001: the linear model on the linear set, and the converging graph and the 3x25"
            + " network on the disc (SGD lr 0.05, MSE).")
public final class Report001 implements Callable<Integer> {
  /** The learning rate of the report. */
  public static final float LEARNING_RATE = 0.05f;

  /** The default mini-batch size of the networks. */
  public static final int DEFAULT_BATCH = 10;

  /** The rate is multiplied by this every quarter of the epochs (the report kept it fixed). */
  public static final float DECAY = 0.3f;

  @Option(
      names = "--epochs",
      defaultValue = "1000",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "10",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  /** One model's results. */
  public static final class Row {
    /** The model and data set. */
    public final String model;

    /** Final results on the training set. */
    public final Evaluation train;

    /** Final results on the test set. */
    public final Evaluation test;

    /** The run. */
    public final History history;

    Row(String model, Evaluation train, Evaluation test, History history) {
      this.model = model;
      this.train = train;
      this.test = test;
      this.history = history;
    }
  }

  private static Row train(
      String model, Network net, Dataset train, Dataset test, int epochs, int batch, long seed) {
    SGD sgd = new SGD(net.parameters().values(), LEARNING_RATE);
    Trainer trainer =
        Trainer.builder(net, new MSELoss(), sgd)
            .epochs(epochs)
            .batchSize(batch)
            .seed(seed)
            .schedule(new StepLR(sgd, Math.max(1, epochs / 4), DECAY), Metric.TRAIN_LOSS)
            .build();
    History history = trainer.fit(train, test);
    return new Row(model, trainer.evaluate(train), trainer.evaluate(test), history);
  }

  /** Runs the four models and prints the table; returns the rows in order. */
  public static List<Row> run(int epochs, int batch, long seed, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "report001: SGD lr %s (×%s every quarter of the run), MSE, batch %d, %d epochs, 1000"
            + " train / 200 test points%n",
        LEARNING_RATE,
        DECAY,
        batch,
        epochs);
    Dataset linTrain = SyntheticData.linear(1000, 1000 + seed);
    Dataset linTest = SyntheticData.linear(200, 2000 + seed);
    Dataset discTrain = Experiments.centred(SyntheticData.disc(1000, 1000 + seed));
    Dataset discTest = Experiments.centred(SyntheticData.disc(200, 2000 + seed));
    LongFunction<Network> linear =
        s ->
            Nets.mlp(s, Init.XAVIER_UNIFORM, 2, new int[0], Activation.RELU, 1, Activation.SIGMOID);
    List<Row> rows = new ArrayList<>();
    rows.add(
        train("Linear, linear set", linear.apply(seed), linTrain, linTest, epochs, batch, seed));
    rows.add(train("Linear, disc", linear.apply(seed), discTrain, discTest, epochs, batch, seed));
    rows.add(
        train(
            "converging graph, disc",
            Nets.converging(seed),
            discTrain,
            discTest,
            epochs,
            batch,
            seed));
    rows.add(
        train(
            "3x25 ReLU, disc",
            Nets.seedNet(seed, Activation.RELU, 1, Activation.SIGMOID),
            discTrain,
            discTest,
            epochs,
            batch,
            seed));
    out.printf(
        Locale.ROOT, "%-24s %12s %12s %10s%n", "model", "train error", "test error", "ms/epoch");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-24s %12s %12s %10.3f%n",
          r.model,
          Experiments.pct(r.train.errorRate()),
          Experiments.pct(r.test.errorRate()),
          r.history.meanTrainMillis());
    }
    return rows;
  }

  @Override
  public Integer call() {
    run(epochs, batch, seed, System.out);
    return 0;
  }
}
