package dev.tributary.graph.optim;

import dev.tributary.core.AdamSettings;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * AdamW, as {@code torch.optim.AdamW}: Adam with decoupled weight decay. For each parameter {@code
 * θ} with gradient {@code g}, at step {@code t},
 *
 * <pre>
 *   θ ← θ − lr · λ · θ                (decoupled decay, not added to g)
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   θ ← θ − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 *
 * with PyTorch's default {@code β1 = 0.9, β2 = 0.999, ε = 1e-8}. PyTorch's default λ is 0.01; here
 * it is always given.
 */
public final class AdamW extends Optimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final AdamSettings settings;
  private final AdamState state;

  /**
   * AdamW with PyTorch's default betas and ε.
   *
   * @throws IllegalArgumentException if {@code params} is empty, or {@code lr} or {@code
   *     weightDecay} negative or not finite
   */
  public AdamW(Collection<Parameter> params, float lr, float weightDecay) {
    this(params, lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, weightDecay);
  }

  /**
   * AdamW with the given coefficients.
   *
   * @throws IllegalArgumentException if {@code params} is empty, {@code lr}, {@code eps} or {@code
   *     weightDecay} negative or not finite, or a beta outside {@code [0, 1)}
   */
  public AdamW(
      Collection<Parameter> params,
      float lr,
      float beta1,
      float beta2,
      float eps,
      float weightDecay) {
    super(params, lr);
    this.beta1 = checkBeta("AdamW", "beta1", beta1);
    this.beta2 = checkBeta("AdamW", "beta2", beta2);
    this.eps = checkNonNegative("AdamW", "eps", eps);
    this.weightDecay = checkNonNegative("AdamW", "weight decay", weightDecay);
    this.state = new AdamState(parameters().toArray(new Parameter[0]));
    this.settings = new AdamSettings(beta1, beta2, eps, 0f, weightDecay);
  }

  /** Returns the decoupled weight decay λ. */
  public float weightDecay() {
    return weightDecay;
  }

  @Override
  protected boolean update(Parameter[] params, float lr, long step) {
    return state.update(params, lr, settings, step);
  }

  /** Returns the first moments {@code m}, then the second moments {@code v}, one per parameter. */
  @Override
  public List<Tensor> stateTensors() {
    return state.tensors();
  }

  @Override
  public String toString() {
    return String.format(
        "AdamW(lr=%s, betas=(%s, %s), eps=%s, weight_decay=%s)",
        learningRate(), beta1, beta2, eps, weightDecay);
  }
}
