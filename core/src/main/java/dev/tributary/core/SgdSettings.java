package dev.tributary.core;

/**
 * The hyperparameters of an SGD update ({@link OptimizerKernels#sgd}, {@link
 * OptimizerKernels#sgdMomentum}), as {@code torch.optim.SGD} names them; the learning rate is
 * passed per step, since schedules change it.
 *
 * @param weightDecay λ, the L2 penalty added to the gradient: {@code g ← g + λθ}
 * @param momentum μ, the factor of the old momentum buffer (0 for plain SGD)
 * @param dampening τ: later steps add {@code (1 − τ)·g} to the buffer
 * @param nesterov whether the step looks ahead, {@code θ ← θ − lr (g + μ·b)}
 */
public record SgdSettings(float weightDecay, float momentum, float dampening, boolean nesterov) {
  /** Plain SGD: no decay, no momentum. */
  public static final SgdSettings PLAIN = new SgdSettings(0f, 0f, 0f, false);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a value is negative or not finite
   */
  public SgdSettings {
    OptimizerKernels.requireNonNegative("SgdSettings", "weightDecay", weightDecay);
    OptimizerKernels.requireNonNegative("SgdSettings", "momentum", momentum);
    OptimizerKernels.requireNonNegative("SgdSettings", "dampening", dampening);
  }
}
