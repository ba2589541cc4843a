package dev.tributary.spark.cli;

import dev.tributary.graph.loss.BCELoss;
import dev.tributary.graph.loss.BCEWithLogitsLoss;
import dev.tributary.graph.loss.CrossEntropyLoss;
import dev.tributary.graph.loss.L1Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.train.Decision;
import dev.tributary.spark.LossFactory;
import java.util.Locale;

/** The losses of {@code spark-train}, by the option names of the runner's {@code run}. */
enum LossOption {
  MSE(MSELoss::new, Decision.AUTO),
  MAE(L1Loss::new, Decision.AUTO),
  BCE(BCELoss::new, Decision.PROBABILITY),
  BCE_LOGITS(BCEWithLogitsLoss::new, Decision.LOGIT),
  CROSS_ENTROPY(CrossEntropyLoss::new, Decision.ARGMAX);

  // The factories are constructor references: no state to mutate.
  @SuppressWarnings("ImmutableEnumChecker")
  final LossFactory factory;

  final Decision decision;

  LossOption(LossFactory factory, Decision decision) {
    this.factory = factory;
    this.decision = decision;
  }

  /** Parses {@code mse}, {@code mae}, {@code bce}, {@code bce-logits}, {@code cross-entropy}. */
  static LossOption parse(String text) {
    for (LossOption o : values()) {
      if (o.name().toLowerCase(Locale.ROOT).replace('_', '-').equalsIgnoreCase(text)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown loss '" + text + "'; use mse, mae, bce, bce-logits or cross-entropy");
  }
}
