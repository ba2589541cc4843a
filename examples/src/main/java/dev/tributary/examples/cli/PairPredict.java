package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.io.ModelFileException;
import dev.tributary.graph.train.DigitPairs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tributary predict MODEL --pair FIRST.png SECOND.png}: a digit-pair model (trained with
 * {@code run ... --data mnist-pairs}) on two PNG digits. The images are read as the training pairs
 * were made ({@link DigitImages}: grey, 14×14, white on black) and normalised with the training
 * pairs' mean and std, which {@code run} stores in the model file under {@value #MEAN} and {@value
 * #STD}. Prints whether the first digit is ≤ the second, with its probability {@code σ(compare)},
 * and each digit predicted by the {@code digit1}/{@code digit2} heads with its softmax probability.
 */
final class PairPredict {
  /** The training pairs' mean pixel (before normalisation). */
  static final String MEAN = "tributary.pairs.mean";

  /** The training pairs' pixel standard deviation (before normalisation). */
  static final String STD = "tributary.pairs.std";

  private PairPredict() {}

  /** The metadata {@code run} stores for a model trained on digit pairs. */
  static Map<String, String> metadata(DigitPairs.Sets pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MEAN, Float.toString(pairs.mean()));
    m.put(STD, Float.toString(pairs.std()));
    return m;
  }

  /**
   * Predicts one pair and prints the comparison and both digits.
   *
   * @throws ModelFileException if the model has no digit-pair normalisation or no {@code compare}
   *     output (names the file)
   * @throws DigitImageException if an image is not a readable PNG (names the file)
   * @throws IOException if a file cannot be read
   */
  static void run(Path model, Path first, Path second, PrintStream out) throws IOException {
    Map<String, String> metadata = ModelFile.readMetadata(model);
    if (!metadata.containsKey(MEAN) || !metadata.containsKey(STD)) {
      throw new ModelFileException(
          model,
          "not a digit-pair model: its metadata has no "
              + MEAN
              + "/"
              + STD
              + " (train one with 'tributary run examples/graphs/digit-pairs.json --data"
              + " mnist-pairs'); --pair needs them to normalise the images");
    }
    float mean;
    float std;
    try {
      mean = Float.parseFloat(metadata.get(MEAN));
      std = Float.parseFloat(metadata.get(STD));
    } catch (NumberFormatException e) {
      throw new ModelFileException(model, "the digit-pair normalisation is not a number", e);
    }
    Network net = ModelFile.load(model);
    if (!net.outputs().contains(DataSource.COMPARE)) {
      throw new ModelFileException(
          model,
          "the network has no `compare` output (its outputs are "
              + net.outputs()
              + "); --pair needs a digit-pair model");
    }
    Tensor x;
    try {
      x = DigitImages.readPair(first, second, mean, std);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(model, "the digit-pair normalisation is invalid", e);
    }
    net.setTraining(false);
    Map<String, Tensor> y = net.forward(Map.of(net.inputs().get(0), x));
    double p = 1 / (1 + Math.exp(-y.get(DataSource.COMPARE).data()[0]));
    out.printf(
        Locale.ROOT,
        "%s ≤ %s: %s (probability %.4f that the first digit is ≤ the second)%n",
        first.getFileName(),
        second.getFileName(),
        p >= 0.5 ? "yes" : "no",
        p);
    digit(out, "first digit ", first, y.get(DigitPairs.FIRST_DIGIT));
    digit(out, "second digit", second, y.get(DigitPairs.SECOND_DIGIT));
  }

  private static void digit(PrintStream out, String label, Path file, Tensor logits) {
    if (logits == null) {
      out.printf("%s (%s): the model has no digit head%n", label, file.getFileName());
      return;
    }
    float[] z = logits.data();
    int best = 0;
    for (int c = 1; c < z.length; c++) {
      if (z[c] > z[best]) {
        best = c;
      }
    }
    double sum = 0;
    for (float v : z) {
      sum += Math.exp(v - z[best]);
    }
    out.printf(
        Locale.ROOT, "%s (%s): %d (probability %.4f)%n", label, file.getFileName(), best, 1 / sum);
  }
}
