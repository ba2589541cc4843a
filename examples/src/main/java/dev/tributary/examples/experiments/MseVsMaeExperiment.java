package dev.tributary.examples.experiments;

import dev.tributary.examples.cli.BatchOption;
import dev.tributary.examples.cli.EpochsOption;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.L1Loss;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Confusion;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Experiment 5, report 004: {@code Linear(2,25) → ReLU → Linear(25,25) → Tanh → Linear(25,25) →
 * ReLU → Linear(25,1)} trained by SGD for 50 epochs with MSE and with MAE ({@code L1Loss}); test
 * accuracy, the confusion counts on the test set, and the training time (the report took 9 s). 1000
 * training and 1000 test disc points, inputs mapped to {@code [−1, 1]}.
 *
 * <p>Run (the command {@code report004} is an alias): {@code ./tributary mse-vs-mae [--epochs 50]
 * [--lr 0.01] [--batch 10] [--seed 101]}.
 */
@Command(
    name = "mse-vs-mae",
    aliases = "report004",
    mixinStandardHelpOptions = true,
    description =
        "Report 004: ReLU/Tanh/ReLU network, MSE vs MAE, SGD, 50 epochs; accuracy, confusion"
            + " counts and training time.")
public final class MseVsMaeExperiment implements Callable<Integer> {
  @Mixin EpochsOption epochsOption = new EpochsOption(50);

  @Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "SGD learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Mixin BatchOption batchOption = new BatchOption(10);

  @Mixin HeldOutSeedOption seedOption = new HeldOutSeedOption();

  /**
   * One loss's results.
   *
   * @param loss the loss's name
   * @param test final results on the test set, with confusion counts
   * @param trainingMillis wall-clock training time in milliseconds
   */
  public record Row(String loss, Evaluation test, double trainingMillis) {}

  private static Row train(
      String name,
      Loss loss,
      Dataset train,
      Dataset test,
      int epochs,
      float lr,
      int batch,
      long seed) {
    Network net = Nets.report004(seed);
    Trainer trainer =
        Trainer.builder(net, loss, new SGD(net.parameters().values(), lr))
            .epochs(epochs)
            .batchSize(batch)
            .seed(seed)
            .build();
    long start = System.nanoTime();
    trainer.fit(train);
    double ms = (System.nanoTime() - start) / 1e6;
    return new Row(name, trainer.evaluate(test), ms);
  }

  /** Trains with MSE and with MAE and prints the table; returns the two rows. */
  public static List<Row> run(int epochs, float lr, int batch, long seed, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "report004: 2-25(ReLU)-25(Tanh)-25(ReLU)-1, SGD lr %s, batch %d, %d epochs, 1000 train /"
            + " 1000 test, seed %d, inputs mapped to [-1, 1]%n",
        lr,
        batch,
        epochs,
        seed);
    Dataset train = Experiments.centred(SyntheticData.disc(1000, 1000 + seed));
    Dataset test = Experiments.centred(SyntheticData.disc(1000, 2000 + seed));
    List<Row> rows = new ArrayList<>();
    rows.add(train("MSE", new MSELoss(), train, test, epochs, lr, batch, seed));
    rows.add(train("MAE", new L1Loss(), train, test, epochs, lr, batch, seed));
    out.printf(
        Locale.ROOT,
        "%-5s %10s %6s %6s %6s %6s %10s %8s %12s%n",
        "loss",
        "accuracy",
        "TP",
        "TN",
        "FP",
        "FN",
        "precision",
        "recall",
        "training");
    for (Row r : rows) {
      Confusion c = r.test().confusion().orElseThrow();
      out.printf(
          Locale.ROOT,
          "%-5s %10s %6d %6d %6d %6d %10.4f %8.4f %9.0f ms%n",
          r.loss(),
          Experiments.pct(r.test().accuracy()),
          c.truePositives(),
          c.trueNegatives(),
          c.falsePositives(),
          c.falseNegatives(),
          c.precision(),
          c.recall(),
          r.trainingMillis());
    }
    return rows;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    long seed = seedOption.get();
    int epochs = epochsOption.checked(spec);
    int batch = batchOption.checked(spec);
    run(epochs, lr, batch, seed, System.out);
    return 0;
  }
}
