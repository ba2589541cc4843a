package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** What a run learns: classes (accuracy, confusion) or continuous values (RMSE, MAE, R²). */
enum Task {
  /** Classes: the error counts, the confusion matrix and the prediction map. */
  CLASSIFY,
  /** Continuous values: RMSE, MAE and R², and predicted against true. */
  REGRESS;

  /** Returns the option value, {@code classify} or {@code regress}. */
  String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A task and why it was chosen, for the run's output. */
  static final class Choice {
    final Task task;
    final String reason;

    Choice(Task task, String reason) {
      this.task = task;
      this.reason = reason;
    }

    @Override
    public String toString() {
      return task.optionName() + " (" + reason + ")";
    }
  }

  /**
   * Infers the task from the loss and the targets: the cross-entropy losses classify; MSE and MAE
   * classify when every target column takes at most two values (labels such as 0/1 or the reports'
   * 0.2/0.8, or one-hot rows), and regress otherwise.
   */
  static Choice infer(LossChoice loss, Tensor target) {
    if (loss != LossChoice.MSE && loss != LossChoice.MAE) {
      return new Choice(CLASSIFY, "--loss " + loss.optionName() + " is a classification loss");
    }
    int rows = target.dim(0);
    int cols = target.size() / Math.max(1, rows);
    float[] d = target.data();
    for (int c = 0; c < cols; c++) {
      Set<Float> values = new HashSet<>();
      for (int r = 0; r < rows; r++) {
        values.add(d[r * cols + c]);
        if (values.size() > 2) {
          return new Choice(
              REGRESS,
              "the targets take more than two values; say --task classify if they are classes");
        }
      }
    }
    return new Choice(CLASSIFY, "every target column takes at most two values");
  }
}
