package dev.tributary.examples.experiments;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.TrainingSpec;
import dev.tributary.graph.loss.BCELoss;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.L1Loss;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.AdamW;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.ReduceLROnPlateau;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.optim.StepLR;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.DigitPairs;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Trainer;
import dev.tributary.graph.train.TrainerBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a digit-pair graph file's {@code training} section into a {@link Trainer}: the weighted
 * loss per output, the optimizer with its rate, betas, momentum and weight decay, and the schedule.
 * The experiment's protocol fixes the rest: the epochs and the batch size given to {@link #trainer}
 * override the section's, so every architecture and variant trains on the same data for the same
 * number of steps.
 *
 * <p>The first output must be {@value PairArchitecture#COMPARE} with {@code bce-logits}: it is the
 * one whose decisions are counted. An output's target {@value PairArchitecture#COMPARE} is the
 * pairs' comparison target ({@link DigitPairs#COMPARISON}); {@code digit1} and {@code digit2} are
 * the digit classes.
 */
final class PairTraining {
  private PairTraining() {}

  /** The default learning rate when the section gives none (Adam's usual 1e-3). */
  static final float DEFAULT_LR = 1e-3f;

  /**
   * Returns a trainer for {@code net} as {@code training} declares, for {@code epochs} epochs of
   * mini-batches of {@code batch} pairs, shuffled with {@code seed}.
   *
   * @throws IllegalArgumentException if the first output is not {@code compare} with {@code
   *     bce-logits} (names {@code file})
   */
  static Trainer trainer(
      TrainingSpec training, String file, Network net, int epochs, int batch, long seed) {
    Optimizer opt = optimizer(training, net);
    TrainerBuilder b =
        Trainer.builder(net, loss(training, file), opt)
            .epochs(epochs)
            .batchSize(batch)
            .seed(seed)
            .classify(PairArchitecture.COMPARE, DigitPairs.COMPARISON, Decision.LOGIT);
    String schedule = training.schedule().orElse("none");
    if (!"none".equals(schedule)) {
      String[] p = schedule.split(":", -1);
      int n = Integer.parseInt(p[1]);
      double factor = Double.parseDouble(p[2]);
      if ("step".equals(p[0])) {
        b.schedule(new StepLR(opt, n, factor), Metric.VALIDATION_LOSS);
      } else {
        b.schedule(new ReduceLROnPlateau(opt).patience(n).factor(factor), Metric.VALIDATION_LOSS);
      }
    }
    return b.build();
  }

  /**
   * Returns the section's loss: {@code Σ weight · loss(output, target)} over its outputs.
   *
   * @throws IllegalArgumentException if the first output is not {@code compare} with {@code
   *     bce-logits} (names {@code file})
   */
  static MultiLoss loss(TrainingSpec training, String file) {
    List<TrainingSpec.OutputLoss> outputs = training.outputs();
    if (outputs.isEmpty()
        || !outputs.get(0).output().equals(PairArchitecture.COMPARE)
        || !outputs.get(0).loss().equals("bce-logits")) {
      throw new IllegalArgumentException(
          file
              + ": training.outputs must start with \"compare\": {\"loss\": \"bce-logits\"} (the"
              + " comparison the digit-pairs experiment scores); got "
              + outputs);
    }
    List<LossTerm> terms = new ArrayList<>();
    for (TrainingSpec.OutputLoss o : outputs) {
      String target =
          o.target().equals(PairArchitecture.COMPARE) ? DigitPairs.COMPARISON : o.target();
      terms.add(LossTerm.of(o.output(), lossNamed(o.loss()), target, o.weight()));
    }
    return MultiLoss.of(terms);
  }

  /** Returns the sum of the weights of the outputs other than the comparison (0 without aux). */
  static float auxWeight(TrainingSpec training) {
    float w = 0;
    for (TrainingSpec.OutputLoss o : training.outputs()) {
      if (!o.output().equals(PairArchitecture.COMPARE)) {
        w += o.weight();
      }
    }
    return w;
  }

  private static Loss lossNamed(String name) {
    return switch (name) {
      case "mse" -> new MSELoss();
      case "mae" -> new L1Loss();
      case "bce" -> new BCELoss();
      case "bce-logits" -> new BCEWithLogitsLoss();
      default -> new CrossEntropyLoss();
    };
  }

  private static Optimizer optimizer(TrainingSpec t, Network net) {
    float lr = t.learningRate().orElse(DEFAULT_LR);
    float wd = t.weightDecay().orElse(0f);
    float b1 = t.beta1().orElse(Adam.DEFAULT_BETA1);
    float b2 = t.beta2().orElse(Adam.DEFAULT_BETA2);
    return switch (t.optimizer().orElse("adam")) {
      case "sgd" ->
          new SGD(net.parameters().values(), lr).momentum(t.momentum().orElse(0f)).weightDecay(wd);
      case "adamw" -> new AdamW(net.parameters().values(), lr, b1, b2, Adam.DEFAULT_EPS, wd);
      default -> {
        Adam adam = new Adam(net.parameters().values(), lr, b1, b2, Adam.DEFAULT_EPS);
        yield wd > 0 ? adam.weightDecay(wd) : adam;
      }
    };
  }
}
