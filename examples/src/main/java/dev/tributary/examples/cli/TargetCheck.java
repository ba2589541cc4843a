package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import java.util.List;

/**
 * Checks the training targets against the loss before training, so that a target a loss cannot take
 * stops the run with its column and row instead of training to a meaningless loss.
 */
final class TargetCheck {
  private TargetCheck() {}

  /**
   * Checks {@code target} (columns {@code columns}, as read from {@code source}) for {@code loss}
   * on an output {@code width} columns wide.
   *
   * @throws IllegalArgumentException naming the column, the first bad row and the fix
   */
  static void check(
      LossChoice loss, Tensor target, List<String> columns, int width, String source) {
    int rows = target.dim(0);
    int cols = target.size() / Math.max(1, rows);
    float[] d = target.data();
    switch (loss) {
      case BCE, BCE_LOGITS -> {
        for (int i = 0; i < d.length; i++) {
          if (!(d[i] >= 0 && d[i] <= 1)) {
            throw new IllegalArgumentException(
                String.format(
                    "%s: --loss %s needs targets in [0, 1], but column `%s` is %s in data row %d;"
                        + " use 0/1 labels, or --loss mse for continuous targets",
                    source, loss.optionName(), column(columns, i % cols), d[i], i / cols + 1));
          }
        }
      }
      case CROSS_ENTROPY -> {
        if (cols == 1) {
          for (int r = 0; r < rows; r++) {
            int k = (int) d[r];
            if (k != d[r] || k < 0 || k >= width) {
              throw new IllegalArgumentException(
                  String.format(
                      "%s: --loss cross-entropy reads column `%s` as class indices 0 to %d (the"
                          + " output has %d columns), but data row %d holds %s; number the"
                          + " classes from 0 or widen the output",
                      source, column(columns, 0), width - 1, width, r + 1, d[r]));
            }
          }
        } else if (cols != width) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: --loss cross-entropy needs one class-index column or %d one-hot columns,"
                      + " got %d columns %s",
                  source, width, cols, columns));
        }
      }
      default -> {
        for (int i = 0; i < d.length; i++) {
          if (!Float.isFinite(d[i])) {
            throw new IllegalArgumentException(
                String.format(
                    "%s: column `%s` is %s in data row %d; clean the data",
                    source, column(columns, i % cols), d[i], i / cols + 1));
          }
        }
      }
    }
  }

  private static String column(List<String> columns, int i) {
    return columns != null && i < columns.size() ? columns.get(i) : "target " + i;
  }
}
