package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.DigitPairs;
import dev.tributary.graph.train.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where training and test data come from: one of the reports' generators ({@code disc}, {@code
 * disc-onehot}, {@code linear}, {@code siamese}) or a CSV file with a header row.
 */
public final class DataSource {
  /** The digit-pairs data: pairs of shipped MNIST digits, as {@code experiment digit-pairs}. */
  public static final String MNIST_PAIRS = "mnist-pairs";

  /** The generators {@code --data} accepts. */
  public static final List<String> GENERATORS =
      List.of("disc", "disc-onehot", "linear", "siamese", MNIST_PAIRS);

  /** The folder of the shipped MNIST digits, from the repository root. */
  static final Path MNIST_DIR = Path.of("examples", "data", "mnist-10k");

  @Option(
      names = "--data",
      paramLabel = "NAME|FILE.csv",
      defaultValue = "disc",
      description =
          "Training data: a generator (disc, disc-onehot, linear, siamese, mnist-pairs: pairs of"
              + " the shipped MNIST digits, targets compare, digit1, digit2) or a CSV file with a"
              + " header row (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "COLUMN",
      description = "CSV columns fed to the network's input, in order.")
  List<String> features;

  @Option(
      names = "--targets",
      split = ",",
      paramLabel = "COLUMN",
      description = "CSV columns the output is trained to match, in order.")
  List<String> targets;

  @Option(
      names = "--test-data",
      paramLabel = "FILE.csv",
      description = "CSV test set (default: --test-fraction of --data's rows held out).")
  Path testData;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.2",
      description =
          "Share of a CSV's rows held out for testing, in (0, 1) (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--split",
      defaultValue = "shuffled",
      description =
          "How the test rows are chosen: shuffled (seeded, stratified by class when classifying)"
              + " or ordered (the last rows of the file) (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--train-size",
      defaultValue = "1000",
      description = "Generated training samples (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(
      names = "--test-size",
      defaultValue = "1000",
      description = "Generated test samples (default: ${DEFAULT-VALUE}).")
  int testSize;

  /** A training set and a test set. */
  public static final class Split {
    /** The training rows. */
    public final Dataset train;

    /** The held-out rows. */
    public final Dataset test;

    /** Where the rows came from, for the run's output. */
    public final String description;

    /** The digit pairs as {@link DigitPairs} made them (with their normalisation), or null. */
    final DigitPairs.Sets pairs;

    /** Wraps the two sets. */
    Split(Dataset train, Dataset test, String description) {
      this(train, test, description, null);
    }

    Split(Dataset train, Dataset test, String description, DigitPairs.Sets pairs) {
      this.train = train;
      this.test = test;
      this.description = description;
      this.pairs = pairs;
    }
  }

  /** Returns whether {@code --data} names a generator rather than a file. */
  boolean isGenerator() {
    return GENERATORS.contains(data.toLowerCase(Locale.ROOT));
  }

  /** Returns the generator's name in lower case, or null for a CSV file. */
  String generator() {
    return isGenerator() ? data.toLowerCase(Locale.ROOT) : null;
  }

  /**
   * Returns the first problem with the data options, or null: checked before anything is loaded.
   */
  String optionProblem() {
    if (isGenerator()) {
      if (features != null || targets != null || testData != null) {
        return (features != null ? "--features" : targets != null ? "--targets" : "--test-data")
            + " applies to CSV data, but --data "
            + data
            + " is a generator; drop the option or give a CSV file";
      }
      if (trainSize < 1 || testSize < 1) {
        return "--train-size and --test-size must be at least 1, got "
            + trainSize
            + " and "
            + testSize;
      }
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      return "--test-fraction must lie in (0, 1), got " + testFraction;
    }
    if (splitOrder() == null) {
      return "--split must be shuffled or ordered, got '" + split + "'";
    }
    return null;
  }

  Splits.Order splitOrder() {
    for (Splits.Order o : Splits.Order.values()) {
      if (o.name().equalsIgnoreCase(split)) {
        return o;
      }
    }
    return null;
  }

  /**
   * Loads or generates the data; the test set of a generator uses another seed than the training
   * set. A CSV without {@code --test-data} is split by {@link #splitOrder}, stratified by class
   * when {@code stratify} says the task classifies.
   *
   * @throws IllegalArgumentException if the options do not name a generator or a readable CSV with
   *     its columns
   * @throws IOException if a CSV file cannot be read or is malformed
   */
  Split load(long seed, java.util.function.Predicate<Dataset> stratify) throws IOException {
    if (MNIST_PAIRS.equals(generator())) {
      return mnistPairs(seed);
    }
    if (isGenerator()) {
      return new Split(
          generate(generator(), trainSize, seed),
          generate(generator(), testSize, seed + 1_000_003L),
          String.format("%s: %d training and %d test samples", generator(), trainSize, testSize));
    }
    Path file = Path.of(data);
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "--data " + data + " is a folder; give a .csv file or a generator");
    }
    if (!data.toLowerCase(Locale.ROOT).endsWith(".csv") || !Files.exists(file)) {
      throw new IllegalArgumentException(
          "--data "
              + data
              + ": not a generator ("
              + String.join(", ", GENERATORS)
              + ") nor an existing .csv file");
    }
    if (features == null || targets == null) {
      throw new IllegalArgumentException(
          "--data " + data + ": name the CSV columns with --features and --targets");
    }
    Dataset all = Dataset.readCsv(file, features, targets);
    if (testData != null) {
      return new Split(
          all,
          Dataset.readCsv(testData, features, targets),
          String.format("%s: %d training rows; %s: test rows", file, all.size(), testData));
    }
    if (all.size() < 2) {
      throw new IllegalArgumentException(
          file + " has " + all.size() + " data row; a train/test split needs at least 2");
    }
    Splits.Order order = splitOrder();
    boolean stratified = order == Splits.Order.SHUFFLED && stratify.test(all);
    int[] classes = stratified ? Splits.classKeys(all.targets(Dataset.TARGETS)) : null;
    int[][] rows = Splits.split(all.size(), testFraction, order, classes, seed);
    return new Split(
        Splits.rows(all, rows[0]),
        Splits.rows(all, rows[1]),
        String.format(
            "%s: %d training rows, %d held out for testing (%s)",
            file,
            rows[0].length,
            rows[1].length,
            order == Splits.Order.ORDERED
                ? "the last rows, in file order"
                : stratified
                    ? "shuffled with seed " + seed + ", stratified by class"
                    : "shuffled with seed " + seed));
  }

  /**
   * Draws {@code --train-size} training and {@code --test-size} test pairs of the shipped MNIST
   * digits with {@link DigitPairs} (the protocol of {@code experiment digit-pairs}); the targets
   * are renamed after the digit-pair graphs' outputs: {@value #COMPARE}, {@code digit1}, {@code
   * digit2}.
   */
  private Split mnistPairs(long seed) throws IOException {
    Path dir = Files.isDirectory(MNIST_DIR) ? MNIST_DIR : MNIST_DIR.subpath(1, 3);
    if (!Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(
          MNIST_DIR
              + " (the shipped MNIST digits of --data mnist-pairs); run from the repository root");
    }
    DigitPairs source =
        DigitPairs.readHalves(
            dir.resolve("images-idx3-ubyte.gz"), dir.resolve("labels-idx1-ubyte.gz"));
    DigitPairs.Sets sets = source.generate(trainSize, testSize, seed);
    return new Split(
        pairTargets(sets.train()),
        pairTargets(sets.test()),
        String.format(
            "mnist-pairs: %d training pairs (pool of %d digits) and %d test pairs (pool of %d),"
                + " normalised with the training mean %.4f and std %.4f",
            trainSize,
            source.trainPoolSize(),
            testSize,
            source.testPoolSize(),
            sets.mean(),
            sets.std()),
        sets);
  }

  /** The comparison target's name for {@code mnist-pairs}: the digit-pair graphs' output. */
  static final String COMPARE = "compare";

  private static Dataset pairTargets(Dataset d) {
    Map<String, Tensor> targets = new LinkedHashMap<>();
    targets.put(COMPARE, d.targets(DigitPairs.COMPARISON));
    targets.put(DigitPairs.FIRST_DIGIT, d.targets(DigitPairs.FIRST_DIGIT));
    targets.put(DigitPairs.SECOND_DIGIT, d.targets(DigitPairs.SECOND_DIGIT));
    return Dataset.of(d.features(), targets);
  }

  /** Returns the CSV's feature columns, or null for generated data. */
  List<String> featureColumns() {
    return isGenerator() ? null : features;
  }

  /** Returns the CSV's target columns, or null for generated data. */
  List<String> targetColumns() {
    return isGenerator() ? null : targets;
  }

  static Dataset generate(String name, int n, long seed) {
    return switch (name) {
      case "disc" -> SyntheticData.disc(n, seed);
      case "disc-onehot" -> SyntheticData.discOneHot(n, seed);
      case "linear" -> SyntheticData.linear(n, seed);
      case "siamese" -> SyntheticData.siamesePairs(n, seed);
      default -> throw new IllegalArgumentException("unknown generator " + name);
    };
  }
}
