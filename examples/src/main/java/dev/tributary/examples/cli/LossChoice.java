package dev.tributary.examples.cli;

import dev.tributary.graph.loss.BCELoss;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.L1Loss;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.train.Decision;

/** The losses the command line offers, by their option names. */
public enum LossChoice {
  /** Mean squared error. */
  MSE(Decision.AUTO),
  /** Mean absolute error. */
  MAE(Decision.AUTO),
  /** Binary cross-entropy on probabilities. */
  BCE(Decision.PROBABILITY),
  /** Binary cross-entropy on logits. */
  BCE_LOGITS(Decision.LOGIT),
  /** Softmax cross-entropy on logits. */
  CROSS_ENTROPY(Decision.ARGMAX);

  /** How the output is turned into a class for error counts. */
  public final Decision decision;

  LossChoice(Decision decision) {
    this.decision = decision;
  }

  /** Returns a new loss of this kind. */
  public Loss create() {
    return switch (this) {
      case MSE -> new MSELoss();
      case MAE -> new L1Loss();
      case BCE -> new BCELoss();
      case BCE_LOGITS -> new BCEWithLogitsLoss();
      case CROSS_ENTROPY -> new CrossEntropyLoss();
    };
  }

  /** Parses {@code mse}, {@code mae}, {@code bce}, {@code bce-logits}, {@code cross-entropy}. */
  public static LossChoice parse(String text) {
    for (LossChoice c : values()) {
      if (c.optionName().equalsIgnoreCase(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown loss '" + text + "'; use mse, mae, bce, bce-logits or cross-entropy");
  }

  /** Returns the name used on the command line. */
  public String optionName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
