package dev.tributary.examples.experiments;

import dev.tributary.examples.cli.EpochsOption;
import dev.tributary.examples.plot.PairGrid;
import dev.tributary.examples.plot.Plots;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.train.DigitPairs;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Summary;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Issue 13's experiment: is the first of two MNIST digits (14×14) ≤ the second? Five architectures
 * ({@link PairArchitecture#ALL}: MLP, CNN, siamese CNN with a shared trunk, siamese + auxiliary
 * digit losses, the best), each trained for {@code rounds} rounds with fresh pairs ({@link
 * DigitPairs}, seed {@code seed + r}) and fresh initialisation (the same seed), and scored on 1000
 * test pairs. Prints per architecture the parameter count, the mean ± sample std of the test
 * accuracy and the mean seconds per round; writes the mean test-accuracy curves and a grid of the
 * best architecture's misclassified test pairs (last round) as PNGs.
 *
 * <p>Each network trains as its graph file's {@code training} section declares ({@link
 * PairTraining}); {@code --variant} runs other graph files (tuning candidates) the same way.
 *
 * <p>Run: {@code ./tributary experiment digit-pairs [--rounds 10] [--epochs 25] [--pairs 1000]
 * [--seed 1] [--only aux,best] [--variant file.json,...] [--out runs/digit-pairs]}.
 */
@Command(
    name = "digit-pairs",
    mixinStandardHelpOptions = true,
    description =
        "Is the first of two MNIST digits <= the second? MLP, CNN, siamese, siamese + auxiliary"
            + " losses and the best network, mean +- std test accuracy over rounds.")
public final class DigitPairsExperiment implements Callable<Integer> {
  /** Test pairs per round. */
  public static final int TEST_PAIRS = 1000;

  /** Mini-batch size of every architecture. */
  public static final int BATCH = 100;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "Rounds (default ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin EpochsOption epochsOption = new EpochsOption(25);

  @Option(
      names = "--pairs",
      defaultValue = "1000",
      description = "Training pairs per round (default ${DEFAULT-VALUE}).")
  int pairs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "First round's seed; round r uses seed + r (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--only",
      split = ",",
      description = "Architectures to run (mlp, cnn, siamese, aux, best; default all).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--variant",
      split = ",",
      description =
          "Graph files to run as well (after the --only architectures, or alone when --only is"
              + " not given), each trained as its own training section declares, e.g."
              + " examples/graphs/digit-pairs-variants/aux-8-16.json.")
  List<Path> variants = new ArrayList<>();

  @Option(
      names = "--data",
      defaultValue = "examples/data/mnist-10k",
      description = "Folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz.")
  Path data;

  @Option(
      names = "--graphs",
      defaultValue = "examples/graphs",
      description = "Folder with the digit-pairs-*.json graph files.")
  Path graphs;

  @Option(
      names = "--out",
      defaultValue = "runs/digit-pairs",
      description = "Folder for the PNGs (default ${DEFAULT-VALUE}).")
  Path out;

  /** One architecture's rounds. */
  public static final class Row {
    /** The architecture. */
    public final PairArchitecture architecture;

    /** Trainable parameters (shared ones counted once). */
    public final long parameters;

    /** Test accuracy of the comparison, one value per round. */
    public final Summary accuracy;

    /** Wall-clock seconds per round (training and the per-epoch test evaluation), one per round. */
    public final Summary seconds;

    /**
     * Processor seconds the whole process used per round (every thread: the kernels' helpers, the
     * JIT compiler, the garbage collector), one per round: on a loaded machine a steadier measure
     * of a round's work than {@link #seconds}.
     */
    public final Summary cpuSeconds;

    /** The test loss (the training section's weighted loss) after the last epoch, per round. */
    public final Summary testLoss;

    /** The mean test accuracy after each epoch, over the rounds. */
    public final double[] curve;

    Row(
        PairArchitecture a,
        long parameters,
        Summary acc,
        Summary seconds,
        Summary cpuSeconds,
        Summary testLoss,
        double[] curve) {
      this.architecture = a;
      this.parameters = parameters;
      this.accuracy = acc;
      this.seconds = seconds;
      this.cpuSeconds = cpuSeconds;
      this.testLoss = testLoss;
      this.curve = curve;
    }
  }

  /**
   * Runs the architectures and prints the table; writes the PNGs to {@code out} unless it is null.
   *
   * @throws IOException if the data, a graph file or a PNG cannot be read or written (names the
   *     file)
   * @throws IllegalArgumentException if a count is out of range (names the option)
   */
  public static List<Row> run(
      List<PairArchitecture> architectures,
      int rounds,
      int epochs,
      int pairs,
      long seed,
      Path data,
      Path graphs,
      Path out,
      PrintStream log)
      throws IOException {
    if (rounds < 1 || epochs < 1) {
      throw new IllegalArgumentException(
          "digit-pairs: --rounds and --epochs must be ≥ 1, got " + rounds + " and " + epochs);
    }
    DigitPairs source =
        DigitPairs.readHalves(
            data.resolve("images-idx3-ubyte.gz"), data.resolve("labels-idx1-ubyte.gz"));
    log.printf(
        Locale.ROOT,
        "digit-pairs: %d rounds (seeds %d..%d), %d epochs, %d training / %d test pairs, Adam,"
            + " batch %d%n",
        rounds,
        seed,
        seed + rounds - 1,
        epochs,
        pairs,
        TEST_PAIRS,
        BATCH);
    List<Row> rows = new ArrayList<>();
    Trainer last = null;
    DigitPairs.Sets lastSets = null;
    for (PairArchitecture a : architectures) {
      GraphSpec spec = a.spec(graphs);
      double[] acc = new double[rounds];
      double[] secs = new double[rounds];
      double[] cpu = new double[rounds];
      double[] loss = new double[rounds];
      double[] curve = new double[epochs];
      long params = 0;
      for (int r = 0; r < rounds; r++) {
        DigitPairs.Sets sets = source.generate(pairs, TEST_PAIRS, seed + r);
        Network net = spec.build(seed + r);
        params = net.parameterCount();
        Trainer trainer = a.trainer(spec, graphs, net, epochs, BATCH, seed + r);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        History h = trainer.fit(sets.train(), sets.test());
        secs[r] = (System.nanoTime() - start) / 1e9;
        cpu[r] = (processCpuNanos() - cpuStart) / 1e9;
        acc[r] = trainer.evaluate(sets.test()).accuracy();
        double[] err = h.values(Metric.VALIDATION_ERROR_RATE);
        double[] testLoss = h.values(Metric.VALIDATION_LOSS);
        loss[r] = testLoss[testLoss.length - 1];
        for (int e = 0; e < Math.min(epochs, err.length); e++) {
          curve[e] += (1 - err[e]) / rounds;
        }
        log.printf(
            Locale.ROOT,
            "  %-14s round %2d  seed %3d  test accuracy %6.2f%%  %.2f s  (cpu %.2f s)%n",
            a.name(),
            r + 1,
            seed + r,
            100 * acc[r],
            secs[r],
            cpu[r]);
        last = trainer;
        lastSets = sets;
      }
      rows.add(
          new Row(
              a,
              params,
              Summary.of(acc),
              Summary.of(secs),
              Summary.of(cpu),
              Summary.of(loss),
              curve));
    }
    table(rows, log);
    if (out != null && !rows.isEmpty()) {
      writePngs(rows, last, lastSets, out, log);
    }
    return rows;
  }

  /** The process's processor time so far, every thread (0 where the platform cannot say). */
  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static void table(List<Row> rows, PrintStream log) {
    log.printf(
        Locale.ROOT,
        "%-16s %10s %20s %12s %12s%n",
        "architecture",
        "parameters",
        "test accuracy",
        "s/round",
        "cpu s/round");
    for (Row row : rows) {
      log.printf(
          Locale.ROOT,
          "%-16s %10d %20s %12.2f %12.2f%n",
          row.architecture.name(),
          row.parameters,
          row.accuracy.percent(),
          row.seconds.mean(),
          row.cpuSeconds.mean());
    }
  }

  private static void writePngs(
      List<Row> rows, Trainer last, DigitPairs.Sets sets, Path out, PrintStream log)
      throws IOException {
    Files.createDirectories(out);
    Map<String, double[]> series = new LinkedHashMap<>();
    for (Row row : rows) {
      series.put(row.architecture.name(), row.curve);
    }
    Path curves = out.resolve("digit-pairs-accuracy.png");
    Plots.curves(curves, "Digit pairs: mean test accuracy", "test accuracy", series);
    Path grid = out.resolve("digit-pairs-misclassified.png");
    int shown = PairGrid.misclassified(grid, last.network(), sets.test(), sets.mean(), sets.std());
    log.printf(
        Locale.ROOT,
        "wrote %s and %s (%d misclassified pairs of %s, last round)%n",
        curves,
        grid,
        shown,
        rows.get(rows.size() - 1).architecture.name());
  }

  /**
   * Returns the architectures named by {@code --only} followed by the {@code --variant} files; all
   * five when both are empty.
   *
   * @throws IllegalArgumentException if a name is not an architecture or a variant path is not a
   *     {@code .json} file (names the option)
   */
  static List<PairArchitecture> select(List<String> names, List<Path> variants) {
    if (names.isEmpty() && variants.isEmpty()) {
      return PairArchitecture.ALL;
    }
    List<String> keys = PairArchitecture.ALL.stream().map(PairArchitecture::key).toList();
    List<PairArchitecture> chosen = new ArrayList<>();
    for (String n : names) {
      int i = keys.indexOf(n.trim().toLowerCase(Locale.ROOT));
      if (i < 0) {
        throw new IllegalArgumentException(
            "digit-pairs: --only `" + n + "` is not an architecture; use one of " + keys);
      }
      chosen.add(PairArchitecture.ALL.get(i));
    }
    for (Path v : variants) {
      chosen.add(PairArchitecture.variant(v));
    }
    return chosen;
  }

  /** A path as given, or without its leading {@code examples/} when run from that folder. */
  static Path locate(Path p) {
    if (Files.exists(p) || p.getNameCount() < 2 || !p.getName(0).toString().equals("examples")) {
      return p;
    }
    Path inside = p.subpath(1, p.getNameCount());
    return Files.exists(inside) ? inside : p;
  }

  @Override
  public Integer call() throws IOException {
    int epochs = epochsOption.get();
    run(
        select(only, variants),
        rounds,
        epochs,
        pairs,
        seed,
        locate(data),
        locate(graphs),
        out,
        System.out);
    return 0;
  }
}
