package dev.tributary.examples.experiments;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.StepLR;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.DigitPairs;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One architecture of the digit-pairs experiment: its graph file under {@code examples/graphs/} and
 * how it is trained. Every network has the input {@code x} ({@code [2, 14, 14]}) and the output
 * {@code compare} (one logit: "first digit ≤ second"), trained with {@code BCEWithLogitsLoss}; the
 * auxiliary architectures also have the outputs {@code digit1} and {@code digit2} (10 logits each),
 * trained with {@code CrossEntropyLoss} at weight {@link #auxWeight}: {@code loss = BCE(compare) +
 * w·CE(digit1) + w·CE(digit2)}.
 */
public final class PairArchitecture {
  /** The comparison output's name in every graph file. */
  public static final String COMPARE = "compare";

  /** The five architectures, in the order of the report. */
  public static final List<PairArchitecture> ALL =
      List.of(
          new PairArchitecture("MLP", "digit-pairs-mlp.json", 0, 1e-3f, 0),
          new PairArchitecture("CNN", "digit-pairs-cnn.json", 0, 5e-3f, 0),
          new PairArchitecture("siamese", "digit-pairs-siamese.json", 0, 5e-3f, 10),
          new PairArchitecture("siamese + aux", "digit-pairs-aux.json", 1f, 5e-3f, 0),
          new PairArchitecture("best", "digit-pairs.json", 1f, 5e-3f, 10));

  private final String name;
  private final String file;
  private final float auxWeight;
  private final float learningRate;
  private final int stepEpochs;

  PairArchitecture(String name, String file, float auxWeight, float learningRate, int stepEpochs) {
    this.name = name;
    this.file = file;
    this.auxWeight = auxWeight;
    this.learningRate = learningRate;
    this.stepEpochs = stepEpochs;
  }

  /** Returns the short name used in the tables. */
  public String name() {
    return name;
  }

  /** Returns the graph file's name (in {@code examples/graphs/}). */
  public String file() {
    return file;
  }

  /** Returns the weight of each auxiliary digit loss; 0 when there are none. */
  public float auxWeight() {
    return auxWeight;
  }

  /** Returns Adam's learning rate. */
  public float learningRate() {
    return learningRate;
  }

  /** Returns the StepLR period in epochs (the rate halves every period); 0 for a constant rate. */
  public int stepEpochs() {
    return stepEpochs;
  }

  /**
   * Reads this architecture's graph file from {@code graphs}.
   *
   * @throws IOException if the file cannot be read or is not a valid graph file (names the file)
   */
  public GraphSpec spec(Path graphs) throws IOException {
    return GraphSpec.read(graphs.resolve(file));
  }

  /** The loss: the comparison, plus both digits when {@link #auxWeight} is positive. */
  MultiLoss loss() {
    LossTerm compare = LossTerm.of(COMPARE, new BCEWithLogitsLoss(), DigitPairs.COMPARISON);
    if (auxWeight == 0) {
      return MultiLoss.of(compare);
    }
    return MultiLoss.of(
        compare,
        LossTerm.of(
            DigitPairs.FIRST_DIGIT, new CrossEntropyLoss(), DigitPairs.FIRST_DIGIT, auxWeight),
        LossTerm.of(
            DigitPairs.SECOND_DIGIT, new CrossEntropyLoss(), DigitPairs.SECOND_DIGIT, auxWeight));
  }

  /** A trainer for {@code net}: Adam, batch {@code batch}, the comparison classified on logits. */
  Trainer trainer(Network net, int epochs, int batch, long seed) {
    Adam adam = new Adam(net.parameters().values(), learningRate);
    TrainerBuilder b =
        Trainer.builder(net, loss(), adam)
            .epochs(epochs)
            .batchSize(batch)
            .seed(seed)
            .classify(COMPARE, DigitPairs.COMPARISON, Decision.LOGIT);
    if (stepEpochs > 0) {
      b.schedule(new StepLR(adam, stepEpochs, 0.5), Metric.VALIDATION_LOSS);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return name;
  }
}
