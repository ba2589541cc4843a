package dev.tributary.graph.train;

/**
 * One epoch of a training run: training loss and error rate, validation loss and error rate (NaN
 * without a validation set), the learning rate the epoch trained with, and its duration.
 */
public final class EpochRecord {
  private final int epoch;
  private final double trainLoss;
  private final double trainErrorRate;
  private final double validationLoss;
  private final double validationErrorRate;
  private final double learningRate;
  private final double trainMillis;
  private final double millis;

  /**
   * Wraps one epoch's figures.
   *
   * @param epoch the 1-based epoch number
   * @param trainMillis the time spent in training steps
   * @param millis the whole epoch's time, evaluation included
   */
  public EpochRecord(
      int epoch,
      double trainLoss,
      double trainErrorRate,
      double validationLoss,
      double validationErrorRate,
      double learningRate,
      double trainMillis,
      double millis) {
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.trainErrorRate = trainErrorRate;
    this.validationLoss = validationLoss;
    this.validationErrorRate = validationErrorRate;
    this.learningRate = learningRate;
    this.trainMillis = trainMillis;
    this.millis = millis;
  }

  /** Returns the 1-based epoch number. */
  public int epoch() {
    return epoch;
  }

  /** Returns the mean training loss. */
  public double trainLoss() {
    return trainLoss;
  }

  /** Returns the training error rate. */
  public double trainErrorRate() {
    return trainErrorRate;
  }

  /** Returns the validation loss, NaN without a validation set. */
  public double validationLoss() {
    return validationLoss;
  }

  /** Returns the validation error rate, NaN without a validation set. */
  public double validationErrorRate() {
    return validationErrorRate;
  }

  /** Returns the learning rate used during the epoch. */
  public double learningRate() {
    return learningRate;
  }

  /** Returns the milliseconds spent in training steps (forward, loss, backward, update). */
  public double trainMillis() {
    return trainMillis;
  }

  /** Returns the milliseconds of the whole epoch, evaluation included. */
  public double millis() {
    return millis;
  }

  @Override
  public String toString() {
    return String.format(
        "epoch %d: train loss %.6f, error %.2f%%; validation loss %.6f, error %.2f%%; lr %.4g;"
            + " %.2f ms",
        epoch,
        trainLoss,
        100 * trainErrorRate,
        validationLoss,
        100 * validationErrorRate,
        learningRate,
        millis);
  }
}
