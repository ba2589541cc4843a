package dev.tributary.graph.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Lowers the learning rate when a metric stops improving, as {@code
 * torch.optim.lr_scheduler.ReduceLROnPlateau} in mode {@code "min"} with PyTorch's defaults: factor
 * 0.1, patience 10, threshold 1e-4 (relative), cooldown 0, min_lr 0, eps 1e-8.
 *
 * <p>Each {@link #step}: the metric counts as an improvement when {@code metric < best · (1 −
 * threshold)} (relative mode) or {@code metric < best − threshold} (absolute mode); otherwise a bad
 * epoch is counted. After more than {@code patience} bad epochs in a row the rate becomes {@code
 * max(lr · factor, minLr)} (skipped if that changes it by less than {@code eps}), and the next
 * {@code cooldown} epochs count no bad epochs.
 */
public final class ReduceLROnPlateau implements LrSchedule {
  /** How the threshold is applied. */
  public enum ThresholdMode {
    /** Improvement means {@code metric < best · (1 − threshold)}. */
    REL,
    /** Improvement means {@code metric < best − threshold}. */
    ABS
  }

  private final Optimizer optimizer;
  private double factor = 0.1;
  private int patience = 10;
  private double threshold = 1e-4;
  private ThresholdMode thresholdMode = ThresholdMode.REL;
  private int cooldown;
  private double minLr;
  private double eps = 1e-8;

  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs;
  private int cooldownCounter;

  /**
   * Watches a metric to minimise, with PyTorch's defaults.
   *
   * @throws IllegalArgumentException if the optimizer is null
   */
  public ReduceLROnPlateau(Optimizer optimizer) {
    checkArgument(optimizer != null, "ReduceLROnPlateau: optimizer is null");
    this.optimizer = optimizer;
  }

  /**
   * Sets the factor the rate is multiplied by (default 0.1); returns this.
   *
   * @throws IllegalArgumentException if {@code factor} is not in {@code (0, 1)}
   */
  public ReduceLROnPlateau factor(double factor) {
    checkArgument(
        factor > 0 && factor < 1,
        "ReduceLROnPlateau: factor is %s; pass a value in (0, 1), e.g. 0.1",
        factor);
    this.factor = factor;
    return this;
  }

  /**
   * Sets how many bad epochs in a row are tolerated (default 10); returns this.
   *
   * @throws IllegalArgumentException if {@code patience} is negative
   */
  public ReduceLROnPlateau patience(int patience) {
    checkArgument(patience >= 0, "ReduceLROnPlateau: patience must be ≥ 0");
    this.patience = patience;
    return this;
  }

  /**
   * Sets the threshold and its mode (default 1e-4, relative); returns this.
   *
   * @throws IllegalArgumentException if {@code threshold} is negative or the mode null
   */
  public ReduceLROnPlateau threshold(double threshold, ThresholdMode mode) {
    checkArgument(
        threshold >= 0 && mode != null,
        "ReduceLROnPlateau: pass a threshold ≥ 0 and a mode, got %s, %s",
        threshold,
        mode);
    this.threshold = threshold;
    this.thresholdMode = mode;
    return this;
  }

  /**
   * Sets the number of epochs after a reduction during which bad epochs are not counted (default
   * 0); returns this.
   *
   * @throws IllegalArgumentException if {@code cooldown} is negative
   */
  public ReduceLROnPlateau cooldown(int cooldown) {
    checkArgument(cooldown >= 0, "ReduceLROnPlateau: cooldown must be ≥ 0");
    this.cooldown = cooldown;
    return this;
  }

  /**
   * Sets the lowest rate a reduction may reach (default 0); returns this.
   *
   * @throws IllegalArgumentException if {@code minLr} is negative
   */
  public ReduceLROnPlateau minLr(double minLr) {
    if (!(minLr >= 0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be ≥ 0");
    }
    this.minLr = minLr;
    return this;
  }

  /**
   * Sets the smallest change of rate worth applying (default 1e-8); returns this.
   *
   * @throws IllegalArgumentException if {@code eps} is negative
   */
  public ReduceLROnPlateau eps(double eps) {
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: eps must be ≥ 0");
    }
    this.eps = eps;
    return this;
  }

  /** Returns the best metric seen so far. */
  public double best() {
    return best;
  }

  /** Returns the current count of bad epochs in a row. */
  public int badEpochs() {
    return badEpochs;
  }

  @Override
  public void step(double metric) {
    if (isBetter(metric)) {
      best = metric;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      double old = optimizer.learningRate();
      double next = Math.max(old * factor, minLr);
      if (old - next > eps) {
        optimizer.setLearningRate((float) next);
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
    }
  }

  private boolean isBetter(double metric) {
    return thresholdMode == ThresholdMode.REL
        ? metric < best * (1 - threshold)
        : metric < best - threshold;
  }

  @Override
  public String toString() {
    return String.format(
        "ReduceLROnPlateau(mode=min, factor=%s, patience=%d, threshold=%s, threshold_mode=%s,"
            + " cooldown=%d, min_lr=%s, eps=%s)",
        factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
  }
}
