package dev.tributary.examples.cli;

import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where training and test data come from: one of the reports' generators ({@code disc}, {@code
 * disc-onehot}, {@code linear}, {@code siamese}) or a CSV file with a header row.
 */
public final class DataSource {
  /** The generators {@code --data} accepts. */
  public static final List<String> GENERATORS = List.of("disc", "disc-onehot", "linear", "siamese");

  @Option(
      names = "--data",
      paramLabel = "NAME|FILE.csv",
      defaultValue = "disc",
      description =
          "Training data: a generator (disc, disc-onehot, linear, siamese) or a CSV file with a"
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
      description = "CSV test set (default: the last 20% of --data's rows).")
  Path testData;

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
    public final Dataset train;
    public final Dataset test;
    public final String description;

    Split(Dataset train, Dataset test, String description) {
      this.train = train;
      this.test = test;
      this.description = description;
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
   * Loads or generates the data; the test set of a generator uses another seed than the training
   * set.
   *
   * @throws IllegalArgumentException if the options do not name a generator or a readable CSV with
   *     its columns
   * @throws IOException if a CSV file cannot be read or is malformed
   */
  Split load(long seed) throws IOException {
    if (isGenerator()) {
      if (trainSize < 1 || testSize < 1) {
        throw new IllegalArgumentException("--train-size and --test-size must be at least 1");
      }
      return new Split(
          generate(generator(), trainSize, seed),
          generate(generator(), testSize, seed + 1_000_003L),
          String.format("%s: %d training and %d test samples", generator(), trainSize, testSize));
    }
    Path file = Path.of(data);
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
    int cut = Math.max(1, all.size() - all.size() / 5);
    return new Split(
        all.slice(0, cut),
        all.slice(cut, all.size()),
        String.format(
            "%s: %d training rows, last %d rows held out for testing",
            file, cut, all.size() - cut));
  }

  static Dataset generate(String name, int n, long seed) {
    switch (name) {
      case "disc":
        return SyntheticData.disc(n, seed);
      case "disc-onehot":
        return SyntheticData.discOneHot(n, seed);
      case "linear":
        return SyntheticData.linear(n, seed);
      case "siamese":
        return SyntheticData.siamesePairs(n, seed);
      default:
        throw new IllegalArgumentException("unknown generator " + name);
    }
  }
}
