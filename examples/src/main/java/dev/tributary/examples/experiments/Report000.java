package dev.tributary.examples.experiments;

import dev.tributary.examples.experiments.Nets.Activation;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.AdaptiveDecay;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Summary;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.TrainMetrics;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Experiment 1, report 000: the 2-25-25-25-2 network (ReLU hidden, Tanh output) trained with MSE on
 * one-hot disc labels, batches of 100, SGD at lr 0.2 lowered by the report's adaptive rule (×0.999
 * when the training error rose against the previous epoch, a further ×0.998 when also against the
 * one before), 2000 epochs; classes by arg-max. 1000 training and 1000 test points.
 *
 * <p>Run: {@code ./tributary report000 [--epochs 2000] [--rounds 1] [--seed 1]}.
 */
@Command(
    name = "report000",
    mixinStandardHelpOptions = true,
    description =
        "Report 000: 2-25-25-25-2 ReLU/Tanh, MSE, batch 100, SGD lr 0.2 with the adaptive rule;"
            + " test accuracy on the disc.")
public final class Report000 implements Callable<Integer> {
  @Option(
      names = "--epochs",
      defaultValue = "2000",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description = "Seeded rounds (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "First seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--every",
      defaultValue = "200",
      description = "Print progress every N epochs (0: never).")
  int every;

  /** The results of one round. */
  public static final class Round {
    /** The round's seed. */
    public final long seed;

    /** The final network on the test set. */
    public final Evaluation test;

    /** The final network on the training set. */
    public final Evaluation train;

    /** The learning rate after the last epoch. */
    public final double finalLearningRate;

    /** The run's per-epoch records. */
    public final History history;

    Round(long seed, Evaluation test, Evaluation train, double lr, History history) {
      this.seed = seed;
      this.test = test;
      this.train = train;
      this.finalLearningRate = lr;
      this.history = history;
    }
  }

  /** Trains one round from {@code seed}: data, initialisation and shuffling all derive from it. */
  public static Round round(long seed, int epochs, PrintStream out, int every) {
    Dataset train = Experiments.centred(SyntheticData.discOneHot(1000, 1000 + seed));
    Dataset test = Experiments.centred(SyntheticData.discOneHot(1000, 2000 + seed));
    Network net = Nets.seedNet(seed, Activation.RELU, 2, Activation.TANH);
    SGD sgd = new SGD(net.parameters().values(), 0.2f);
    Trainer trainer =
        Trainer.builder(net, new MSELoss(), sgd)
            .epochs(epochs)
            .batchSize(100)
            .seed(seed)
            .trainMetrics(TrainMetrics.FULL_PASS)
            .schedule(new AdaptiveDecay(sgd), Metric.TRAIN_ERROR_RATE)
            .listener(Experiments.progress(out, "seed " + seed, every))
            .build();
    History history = trainer.fit(train, test);
    return new Round(
        seed, trainer.evaluate(test), trainer.evaluate(train), sgd.learningRate(), history);
  }

  /** Runs {@code rounds} rounds from seeds {@code seed, seed + 1, …} and prints the table. */
  public static List<Round> run(int epochs, int rounds, long seed, PrintStream out, int every) {
    out.printf(
        Locale.ROOT,
        "report000: 2-25-25-25-2 ReLU/Tanh, MSE, one-hot targets, batch 100, SGD lr 0.2 + adaptive"
            + " rule, %d epochs, inputs mapped to [-1, 1]%n",
        epochs);
    List<Round> results = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      results.add(round(seed + r, epochs, out, every));
    }
    out.printf(
        Locale.ROOT,
        "%-6s %12s %12s %10s %12s%n",
        "seed",
        "train acc",
        "test acc",
        "final lr",
        "ms/epoch");
    double[] acc = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      Round x = results.get(r);
      acc[r] = x.test.accuracy();
      out.printf(
          Locale.ROOT,
          "%-6d %12s %12s %10.4f %12.3f%n",
          x.seed,
          Experiments.pct(x.train.accuracy()),
          Experiments.pct(x.test.accuracy()),
          x.finalLearningRate,
          x.history.meanTrainMillis());
    }
    out.println("test accuracy " + Summary.of(acc).percent() + " over " + rounds + " round(s)");
    return results;
  }

  @Override
  public Integer call() {
    run(epochs, rounds, seed, System.out, every);
    return 0;
  }
}
