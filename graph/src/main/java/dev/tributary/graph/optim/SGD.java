package dev.tributary.graph.optim;

import dev.tributary.core.OptimizerKernels;
import dev.tributary.core.SgdSettings;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * Stochastic gradient descent, as {@code torch.optim.SGD}: for each parameter {@code θ} with
 * gradient {@code g}, at step {@code t},
 *
 * <pre>
 *   g ← g + λ θ                                   (weight decay λ, default 0)
 *   if μ ≠ 0:  b ← g if t = 1 else μ b + (1 − τ) g  (momentum μ, dampening τ, default 0)
 *              g ← g + μ b if nesterov else b
 *   θ ← θ − lr · g
 * </pre>
 *
 * Note PyTorch's convention: the momentum buffer starts as the first gradient, and the learning
 * rate multiplies the whole buffer (not each gradient as it enters it).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(net.parameters().values(), 0.05f).momentum(0.9f).nesterov(true);
 * }</pre>
 */
public final class SGD extends Optimizer {
  private float momentum;
  private float dampening;
  private float weightDecay;
  private boolean nesterov;
  private Tensor[] buffers;
  private List<Tensor> bufferList = List.of();
  private long momentumSteps;
  private SgdSettings settings; // built by the first step after a setter changed a value

  /**
   * Plain SGD over {@code params} with learning rate {@code lr}.
   *
   * @throws IllegalArgumentException if {@code params} is empty or {@code lr} negative or not
   *     finite
   */
  public SGD(Collection<Parameter> params, float lr) {
    super(params, lr);
  }

  /**
   * Sets the momentum factor μ (default 0); returns this.
   *
   * @throws IllegalArgumentException if {@code momentum} is negative or not finite
   */
  public SGD momentum(float momentum) {
    this.momentum = checkNonNegative("SGD", "momentum", momentum);
    this.settings = null;
    return this;
  }

  /**
   * Sets the dampening τ of the momentum (default 0); returns this.
   *
   * @throws IllegalArgumentException if {@code dampening} is negative or not finite
   */
  public SGD dampening(float dampening) {
    this.dampening = checkNonNegative("SGD", "dampening", dampening);
    this.settings = null;
    return this;
  }

  /**
   * Sets the L2 weight decay λ added to the gradient (default 0); returns this.
   *
   * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
   */
  public SGD weightDecay(float weightDecay) {
    this.weightDecay = checkNonNegative("SGD", "weight decay", weightDecay);
    this.settings = null;
    return this;
  }

  /** Turns Nesterov momentum on or off (default off); needs a momentum and no dampening. */
  public SGD nesterov(boolean nesterov) {
    this.nesterov = nesterov;
    this.settings = null;
    return this;
  }

  /** Returns the momentum factor. */
  public float momentum() {
    return momentum;
  }

  /** Returns the dampening. */
  public float dampening() {
    return dampening;
  }

  /** Returns the weight decay. */
  public float weightDecay() {
    return weightDecay;
  }

  /** Returns whether Nesterov momentum is on. */
  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected boolean update(Parameter[] params, float lr, long step) {
    if (nesterov && momentum == 0) {
      throw new IllegalStateException(
          "SGD: Nesterov momentum needs a momentum > 0; call .momentum(0.9f) or .nesterov(false)");
    }
    if (nesterov && dampening != 0) {
      throw new IllegalStateException(
          "SGD: Nesterov momentum needs zero dampening (as in PyTorch); call .dampening(0)");
    }
    if (settings == null) {
      settings = new SgdSettings(weightDecay, momentum, dampening, nesterov);
    }
    boolean finite = true;
    if (momentum == 0) {
      for (Parameter p : params) {
        finite &= OptimizerKernels.sgd(p.value(), p.grad(), lr, settings);
      }
      return finite;
    }
    allocateBuffers();
    boolean first = momentumSteps++ == 0;
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      finite &= OptimizerKernels.sgdMomentum(p.value(), p.grad(), buffers[i], lr, settings, first);
    }
    return finite;
  }

  private void allocateBuffers() {
    if (buffers == null) {
      List<Parameter> params = parameters();
      buffers = new Tensor[params.size()];
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = Tensor.zeros(params.get(i).value().shape());
      }
      bufferList = List.of(buffers);
    }
  }

  /**
   * Returns the momentum buffers {@code b}, one per parameter (allocated by this call when a
   * momentum is set), or an empty list for plain SGD.
   */
  @Override
  public List<Tensor> stateTensors() {
    if (momentum != 0) {
      allocateBuffers();
    }
    return bufferList;
  }

  @Override
  protected int extraCounters() {
    return 1;
  }

  @Override
  protected void copyExtraCounters(long[] into, int at) {
    into[at] = momentumSteps;
  }

  @Override
  protected void restoreExtraCounters(long[] from, int at) {
    momentumSteps = from[at];
  }

  @Override
  public String toString() {
    return String.format(
        "SGD(lr=%s, momentum=%s, dampening=%s, weight_decay=%s, nesterov=%s)",
        learningRate(), momentum, dampening, weightDecay, nesterov);
  }
}
