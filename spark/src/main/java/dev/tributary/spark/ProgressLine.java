package dev.tributary.spark;

import dev.tributary.graph.train.EpochRecord;
import dev.tributary.graph.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/** The per-epoch progress line of a {@link SparkTrainer}. */
final class ProgressLine implements TrainingListener {
  private final PrintStream out;
  private final int epochs;

  ProgressLine(PrintStream out, int epochs) {
    this.out = out;
    this.epochs = epochs;
  }

  @Override
  public void onEpoch(EpochRecord r) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "spark epoch %d/%d: loss %.6f, train error %.2f%%",
                r.epoch(),
                epochs,
                r.trainLoss(),
                100 * r.trainErrorRate()));
    if (!Double.isNaN(r.validationLoss())) {
      sb.append(
          String.format(
              Locale.ROOT,
              ", validation loss %.6f, error %.2f%%",
              r.validationLoss(),
              100 * r.validationErrorRate()));
    }
    sb.append(String.format(Locale.ROOT, ", lr %.4g, %.0f ms", r.learningRate(), r.millis()));
    out.println(sb);
  }
}
