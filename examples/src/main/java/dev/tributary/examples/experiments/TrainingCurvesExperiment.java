package dev.tributary.examples.experiments;

import dev.tributary.core.Init;
import dev.tributary.examples.cli.EpochsOption;
import dev.tributary.examples.experiments.Nets.Activation;
import dev.tributary.examples.plot.Plots;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Curves;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Experiment 4, report 003's studies on the disc: Xavier vs uniform {@code U(±1/√in)}
 * initialisation, batch sizes 1/10/100/1000, and ReLU vs Tanh hidden layers, each as test
 * error-rate curves per epoch. The network is 2-25-25-25-1 with a linear output trained with MSE by
 * SGD (the report's setting: lr 0.001, batches of 10, 30 epochs, 10 000 points); every study varies
 * one thing from that baseline (ReLU, Xavier, batch 10). The curves are printed and saved as CSV
 * ({@link Curves} long format) in {@code --out}, one file per study, for plotting.
 *
 * <p>Run (the command {@code report003} is an alias): {@code ./tributary training-curves [--epochs
 * 30] [--points 10000] [--lr 0.001] [--out runs/report003]}.
 */
@Command(
    name = "training-curves",
    aliases = "report003",
    mixinStandardHelpOptions = true,
    description =
        "Report 003: init (Xavier vs uniform), batch size (1/10/100/1000), activation (ReLU vs"
            + " Tanh); test error per epoch, printed and saved as CSV.")
public final class TrainingCurvesExperiment implements Callable<Integer> {
  @Mixin EpochsOption epochsOption = new EpochsOption(30);

  @Option(
      names = "--points",
      defaultValue = "10000",
      description = "Training points (default ${DEFAULT-VALUE}).")
  int points;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "SGD learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Mixin HeldOutSeedOption seedOption = new HeldOutSeedOption();

  @Option(
      names = "--out",
      defaultValue = "runs/report003",
      description = "CSV directory (default ${DEFAULT-VALUE}).")
  Path out;

  private static History train(
      Dataset train,
      Dataset test,
      Init init,
      Activation act,
      int batch,
      float lr,
      int epochs,
      long seed) {
    Network net = Nets.mlp(seed, init, 2, new int[] {25, 25, 25}, act, 1, null);
    return Trainer.builder(net, new MSELoss(), new SGD(net.parameters().values(), lr))
        .epochs(epochs)
        .batchSize(batch)
        .seed(seed)
        .build()
        .fit(train, test);
  }

  /**
   * Runs the three studies, prints their tables and writes {@code init.csv}, {@code batch.csv} and
   * {@code activation.csv} into {@code outDir} (skipped when null).
   *
   * @return study name → run name → history
   * @throws UncheckedIOException if a CSV file cannot be written
   */
  public static Map<String, Map<String, History>> run(
      int epochs, int points, float lr, long seed, Path outDir, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "report003: 2-25-25-25-1, linear output, MSE, SGD lr %s, %d training points, 2000 test"
            + " points, %d epochs, seed %d, raw [0, 1] inputs; test error per epoch%n",
        lr,
        points,
        epochs,
        seed);
    Dataset train = SyntheticData.disc(points, 1000 + seed);
    Dataset test = SyntheticData.disc(2000, 2000 + seed);
    Map<String, Map<String, History>> studies = new LinkedHashMap<>();
    Map<String, History> init = new LinkedHashMap<>();
    init.put(
        "xavier", train(train, test, Init.XAVIER_UNIFORM, Activation.RELU, 10, lr, epochs, seed));
    init.put("uniform", train(train, test, Init.UNIFORM, Activation.RELU, 10, lr, epochs, seed));
    studies.put("init", init);
    Map<String, History> batch = new LinkedHashMap<>();
    for (int b : new int[] {1, 10, 100, 1000}) {
      batch.put(
          "batch" + b,
          train(train, test, Init.XAVIER_UNIFORM, Activation.RELU, b, lr, epochs, seed));
    }
    studies.put("batch", batch);
    Map<String, History> activation = new LinkedHashMap<>();
    activation.put("relu", init.get("xavier"));
    activation.put(
        "tanh", train(train, test, Init.XAVIER_UNIFORM, Activation.TANH, 10, lr, epochs, seed));
    studies.put("activation", activation);
    int every = Math.max(1, epochs / 10);
    studies.forEach(
        (name, runs) -> {
          out.println();
          out.println("study `" + name + "`: test error rate");
          out.print(Curves.table(runs, Metric.VALIDATION_ERROR_RATE, every));
          if (outDir != null) {
            Path file = outDir.resolve(name + ".csv");
            Path png = outDir.resolve(name + ".png");
            Map<String, double[]> percent = new LinkedHashMap<>();
            runs.forEach(
                (run, history) -> {
                  double[] rates = history.values(Metric.VALIDATION_ERROR_RATE);
                  for (int i = 0; i < rates.length; i++) {
                    rates[i] *= 100;
                  }
                  percent.put(run, rates);
                });
            try {
              Curves.writeCsv(file, runs);
              Plots.curves(png, "Study `" + name + "`: test error rate", "error rate (%)", percent);
            } catch (IOException e) {
              throw new UncheckedIOException("cannot write " + file + " or " + png, e);
            }
            out.println("curves written to " + file + " and " + png);
          }
        });
    return studies;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    long seed = seedOption.get();
    int epochs = epochsOption.checked(spec);
    run(epochs, points, lr, seed, out, System.out);
    return 0;
  }
}
