package dev.tributary.graph.train;

/**
 * A per-epoch quantity of a training run: what a schedule or early stopping monitors, and the
 * columns of the learning curves. Lower is better for all but the learning rate.
 */
public enum Metric {
  /** The mean training loss of the epoch. */
  TRAIN_LOSS,
  /** The training error rate of the epoch. */
  TRAIN_ERROR_RATE,
  /** The mean loss on the validation set after the epoch (NaN without one). */
  VALIDATION_LOSS,
  /** The error rate on the validation set after the epoch (NaN without one). */
  VALIDATION_ERROR_RATE,
  /** The learning rate the epoch trained with. */
  LEARNING_RATE;

  /** Returns this metric's value in {@code record}. */
  public double of(EpochRecord record) {
    return switch (this) {
      case TRAIN_LOSS -> record.trainLoss();
      case TRAIN_ERROR_RATE -> record.trainErrorRate();
      case VALIDATION_LOSS -> record.validationLoss();
      case VALIDATION_ERROR_RATE -> record.validationErrorRate();
      case LEARNING_RATE -> record.learningRate();
    };
  }

  /** Returns the column name used in CSV files, e.g. {@code train_error_rate}. */
  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
