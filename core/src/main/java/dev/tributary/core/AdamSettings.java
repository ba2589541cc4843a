package dev.tributary.core;

/**
 * The hyperparameters of an Adam or AdamW update ({@link OptimizerKernels#adam}), as {@code
 * torch.optim.Adam} names them; the learning rate and the step count are passed per step.
 *
 * @param beta1 β1, the decay of the first moment, in {@code [0, 1)}
 * @param beta2 β2, the decay of the second moment, in {@code [0, 1)}
 * @param eps ε, added to {@code √v̂}
 * @param l2 Adam's {@code weight_decay}, added to the gradient (0 for none)
 * @param decoupled AdamW's {@code weight_decay}, applied to the value (0 for none)
 */
public record AdamSettings(float beta1, float beta2, float eps, float l2, float decoupled) {
  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a beta is outside {@code [0, 1)} or another value is
   *     negative or not finite
   */
  public AdamSettings {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "AdamSettings: betas are ("
              + beta1
              + ", "
              + beta2
              + "); pass values in [0, 1), e.g. (0.9, 0.999)");
    }
    OptimizerKernels.requireNonNegative("AdamSettings", "eps", eps);
    OptimizerKernels.requireNonNegative("AdamSettings", "l2", l2);
    OptimizerKernels.requireNonNegative("AdamSettings", "decoupled", decoupled);
  }
}
