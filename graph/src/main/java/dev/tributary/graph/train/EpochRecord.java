package dev.tributary.graph.train;

/**
 * One epoch of a training run: training loss and error rate, validation loss and error rate (NaN
 * without a validation set), the learning rate the epoch trained with, and its duration.
 *
 * @param epoch the 1-based epoch number
 * @param trainLoss the mean training loss
 * @param trainErrorRate the training error rate
 * @param validationLoss the validation loss, NaN without a validation set
 * @param validationErrorRate the validation error rate, NaN without a validation set
 * @param learningRate the learning rate used during the epoch
 * @param trainMillis the milliseconds spent in training steps (forward, loss, backward, update)
 * @param millis the milliseconds of the whole epoch, evaluation included
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double trainErrorRate,
    double validationLoss,
    double validationErrorRate,
    double learningRate,
    double trainMillis,
    double millis) {

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
