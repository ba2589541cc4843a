package dev.tributary.graph.optim;

import dev.tributary.core.AdamSettings;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * Adam, as {@code torch.optim.Adam}: for each parameter {@code θ} with gradient {@code g}, at step
 * {@code t},
 *
 * <pre>
 *   g ← g + λ θ                       (L2 weight decay λ, default 0)
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
 *   θ ← θ − lr · m̂ / (√v̂ + ε)
 * </pre>
 *
 * with PyTorch's defaults {@code β1 = 0.9, β2 = 0.999, ε = 1e-8}. For decay applied to the weights
 * rather than to the gradient, use {@link AdamW}.
 */
public final class Adam extends Optimizer {
  /** PyTorch's default β1. */
  public static final float DEFAULT_BETA1 = 0.9f;

  /** PyTorch's default β2. */
  public static final float DEFAULT_BETA2 = 0.999f;

  /** PyTorch's default ε. */
  public static final float DEFAULT_EPS = 1e-8f;

  private final float beta1;
  private final float beta2;
  private final float eps;
  private float weightDecay;
  private AdamSettings settings;
  private final AdamState state;

  /**
   * Adam with PyTorch's default betas and ε.
   *
   * @throws IllegalArgumentException if {@code params} is empty or {@code lr} negative or not
   *     finite
   */
  public Adam(Collection<Parameter> params, float lr) {
    this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
  }

  /**
   * Adam with the given coefficients.
   *
   * @throws IllegalArgumentException if {@code params} is empty, {@code lr} or {@code eps} negative
   *     or not finite, or a beta outside {@code [0, 1)}
   */
  public Adam(Collection<Parameter> params, float lr, float beta1, float beta2, float eps) {
    super(params, lr);
    this.beta1 = checkBeta("Adam", "beta1", beta1);
    this.beta2 = checkBeta("Adam", "beta2", beta2);
    this.eps = checkNonNegative("Adam", "eps", eps);
    this.state = new AdamState(parameters().toArray(new Parameter[0]));
    this.settings = new AdamSettings(beta1, beta2, eps, 0f, 0f);
  }

  /**
   * Sets the L2 weight decay λ added to the gradient (default 0); returns this.
   *
   * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
   */
  public Adam weightDecay(float weightDecay) {
    this.weightDecay = checkNonNegative("Adam", "weight decay", weightDecay);
    this.settings = new AdamSettings(beta1, beta2, eps, weightDecay, 0f);
    return this;
  }

  /** Returns β1. */
  public float beta1() {
    return beta1;
  }

  /** Returns β2. */
  public float beta2() {
    return beta2;
  }

  /** Returns ε. */
  public float eps() {
    return eps;
  }

  /** Returns the weight decay. */
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
        "Adam(lr=%s, betas=(%s, %s), eps=%s, weight_decay=%s)",
        learningRate(), beta1, beta2, eps, weightDecay);
  }
}
