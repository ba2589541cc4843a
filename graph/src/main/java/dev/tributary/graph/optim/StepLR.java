package dev.tributary.graph.optim;

/**
 * Step decay, as {@code torch.optim.lr_scheduler.StepLR}: every {@code stepSize} epochs the
 * learning rate is multiplied by {@code gamma}, so after {@code e} epochs it is {@code lr_0 ·
 * gamma^⌊e / stepSize⌋}.
 */
public final class StepLR implements LrSchedule {
  private final Optimizer optimizer;
  private final int stepSize;
  private final double gamma;
  private int epoch;

  /**
   * Decays {@code optimizer}'s rate by {@code gamma} every {@code stepSize} epochs.
   *
   * @throws IllegalArgumentException if the optimizer is null, {@code stepSize < 1} or {@code
   *     gamma} is not in {@code (0, 1]}
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    if (optimizer == null) {
      throw new IllegalArgumentException("StepLR: optimizer is null");
    }
    if (stepSize < 1 || !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException(
          "StepLR: need stepSize ≥ 1 and gamma in (0, 1], got " + stepSize + " and " + gamma);
    }
    this.optimizer = optimizer;
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  /** Counts an epoch; multiplies the rate by gamma at every multiple of the step size. */
  @Override
  public void step(double ignored) {
    epoch++;
    if (epoch % stepSize == 0) {
      optimizer.setLearningRate((float) (optimizer.learningRate() * gamma));
    }
  }

  @Override
  public String toString() {
    return "StepLR(step_size=" + stepSize + ", gamma=" + gamma + ")";
  }
}
