package dev.tributary.examples.experiments;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.TrainingSpec;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One network of the digit-pairs experiment: a graph file and the {@code training} section inside
 * it, which says how it is trained ({@link PairTraining}: loss per output, optimizer, schedule).
 * Every network has the input {@code x} ({@code [2, 14, 14]}) and the output {@code compare} (one
 * logit: "first digit ≤ second"), trained with {@code BCEWithLogitsLoss}; the auxiliary networks
 * also have the outputs {@code digit1} and {@code digit2} (10 logits each), trained with {@code
 * CrossEntropyLoss}: {@code loss = BCE(compare) + w·CE(digit1) + w·CE(digit2)}.
 *
 * <p>The five architectures of the report ({@link #ALL}) are files under {@code examples/graphs/};
 * a variant ({@link #variant}) is any other graph file, e.g. a tuning candidate under {@code
 * examples/graphs/digit-pairs-variants/}, trained the same way from its own training section.
 */
public final class PairArchitecture {
  /** The comparison output's name in every graph file. */
  public static final String COMPARE = "compare";

  /** The five architectures, in the order of the report. */
  public static final List<PairArchitecture> ALL =
      List.of(
          new PairArchitecture("MLP", "mlp", Path.of("digit-pairs-mlp.json"), true),
          new PairArchitecture("CNN", "cnn", Path.of("digit-pairs-cnn.json"), true),
          new PairArchitecture("siamese", "siamese", Path.of("digit-pairs-siamese.json"), true),
          new PairArchitecture("siamese + aux", "aux", Path.of("digit-pairs-aux.json"), true),
          new PairArchitecture("best", "best", Path.of("digit-pairs.json"), true));

  private final String name;
  private final String key;
  private final Path file;
  private final boolean inGraphsFolder;

  private PairArchitecture(String name, String key, Path file, boolean inGraphsFolder) {
    this.name = name;
    this.key = key;
    this.file = file;
    this.inGraphsFolder = inGraphsFolder;
  }

  /**
   * Returns a variant: the graph file {@code file} (as given, not under the graphs folder), named
   * in the tables by its file name without {@code .json}.
   *
   * @throws IllegalArgumentException if {@code file} is not a {@code .json} file name
   */
  public static PairArchitecture variant(Path file) {
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    if (!fileName.endsWith(".json") || fileName.length() == ".json".length()) {
      throw new IllegalArgumentException(
          "digit-pairs: --variant `" + file + "` is not a graph file; give a path ending in .json");
    }
    String stem = fileName.substring(0, fileName.length() - ".json".length());
    return new PairArchitecture(stem, stem.toLowerCase(Locale.ROOT), file, false);
  }

  /** Returns the short name used in the tables. */
  public String name() {
    return name;
  }

  /** Returns the name {@code --only} selects it by ({@code mlp}, ..., {@code best}). */
  public String key() {
    return key;
  }

  /** Returns the graph file's name (in {@code examples/graphs/}), or a variant's path as given. */
  public String file() {
    return file.toString();
  }

  /** Returns where the graph file is: under {@code graphs} for the five, as given for a variant. */
  public Path path(Path graphs) {
    return inGraphsFolder ? graphs.resolve(file) : file;
  }

  /**
   * Reads this architecture's graph file.
   *
   * @throws IOException if the file cannot be read or is not a valid graph file (names the file)
   * @throws IllegalArgumentException if the file has no {@code training} section, or its first
   *     output is not {@code compare} with {@code bce-logits} (names the file)
   */
  public GraphSpec spec(Path graphs) throws IOException {
    Path p = path(graphs);
    GraphSpec spec = GraphSpec.read(p);
    PairTraining.loss(training(spec, p), p.toString());
    return spec;
  }

  /**
   * Returns the summed weight of the auxiliary digit losses declared in {@code spec} (0 when it has
   * none).
   */
  static float auxWeight(GraphSpec spec) {
    return spec.training().map(PairTraining::auxWeight).orElse(0f);
  }

  /** A trainer for {@code net} as the file's training section declares, batch {@code batch}. */
  Trainer trainer(GraphSpec spec, Path graphs, Network net, int epochs, int batch, long seed) {
    Path p = path(graphs);
    return PairTraining.trainer(training(spec, p), p.toString(), net, epochs, batch, seed);
  }

  private static TrainingSpec training(GraphSpec spec, Path p) {
    return spec.training()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    p
                        + ": no \"training\" section; a digit-pairs graph declares its losses and"
                        + " optimizer there (see examples/graphs/digit-pairs.json)"));
  }

  @Override
  public String toString() {
    return name;
  }
}
