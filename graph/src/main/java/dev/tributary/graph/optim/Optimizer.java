package dev.tributary.graph.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * Updates a network's parameters in place from their gradients, as {@code torch.optim} does.
 *
 * <p>An optimizer is built over a collection of {@link Parameter}s (usually {@code
 * network.parameters().values()}); {@link #step} applies one update from the gradients the last
 * {@code backward} accumulated, {@link #zeroGrad} clears them. Updates run in fused {@code core}
 * kernels and allocate nothing after the first step. Each step also reports whether every updated
 * value is finite ({@link #lastStepFinite}), which a training loop uses to stop on divergence.
 */
public abstract class Optimizer {
  private final ImmutableList<Parameter> parameters;
  private final Parameter[] array;
  private float learningRate;
  private long steps;
  private boolean lastStepFinite = true;

  /**
   * Prepares an optimizer over {@code parameters}.
   *
   * @throws IllegalArgumentException if {@code parameters} is null, empty or holds null, or the
   *     learning rate is negative or not finite
   */
  protected Optimizer(Collection<Parameter> parameters, float learningRate) {
    if (parameters == null || parameters.isEmpty() || holdsNull(parameters)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": pass the parameters to optimise, e.g. network.parameters().values()");
    }
    this.parameters = ImmutableList.copyOf(parameters);
    this.array = this.parameters.toArray(new Parameter[0]);
    setLearningRate(learningRate);
  }

  /**
   * Applies one update to every parameter from its current gradient.
   *
   * @throws IllegalStateException if the optimizer's settings are inconsistent (e.g. Nesterov
   *     without momentum)
   */
  public final void step() {
    long next = steps + 1;
    lastStepFinite = update(array, learningRate, next);
    steps = next;
  }

  /**
   * Updates every parameter in place; returns whether every updated value is finite.
   *
   * @param params the parameters, in the order given at construction
   * @param lr the current learning rate
   * @param step the 1-based number of this step
   */
  protected abstract boolean update(Parameter[] params, float lr, long step);

  /**
   * Returns the tensors of this optimizer's running state (SGD's momentum buffers, Adam's two
   * moments), live and in a fixed order, allocating them on first call; empty for an update without
   * state. Together with {@link #copyCounters} this is everything a step changes besides the
   * parameters, so a caller that copies both before {@link #step} can undo it exactly (the {@link
   * dev.tributary.graph.train.Trainer}'s non-finite guard does).
   */
  public List<Tensor> stateTensors() {
    return List.of();
  }

  /** Returns how many counters {@link #copyCounters} writes: the step count and any of its own. */
  public int counterCount() {
    return 1 + extraCounters();
  }

  /**
   * Copies the step counters (the step count first, then e.g. SGD's momentum steps) into {@code
   * into}.
   *
   * @throws IllegalArgumentException if {@code into} is shorter than {@link #counterCount()}
   */
  public final void copyCounters(long[] into) {
    checkArgument(
        into != null && into.length >= counterCount(),
        "%s: pass a long[%s] for the counters",
        getClass().getSimpleName(),
        counterCount());
    into[0] = steps;
    copyExtraCounters(into, 1);
  }

  /**
   * Puts back counters saved by {@link #copyCounters}.
   *
   * @throws IllegalArgumentException if {@code from} is shorter than {@link #counterCount()} or a
   *     counter is negative
   */
  public final void restoreCounters(long[] from) {
    if (from == null || from.length < counterCount()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": pass the long["
              + counterCount()
              + "] copyCounters wrote");
    }
    for (int i = 0; i < counterCount(); i++) {
      if (from[i] < 0) {
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ": counter " + i + " is " + from[i] + "; must be ≥ 0");
      }
    }
    steps = from[0];
    restoreExtraCounters(from, 1);
  }

  /** Returns the number of counters a subclass keeps besides the step count (default 0). */
  protected int extraCounters() {
    return 0;
  }

  /** Writes a subclass's own counters into {@code into} from index {@code at} (default none). */
  protected void copyExtraCounters(long[] into, int at) {}

  /** Reads a subclass's own counters from {@code from} at index {@code at} (default none). */
  protected void restoreExtraCounters(long[] from, int at) {}

  /** Sets every parameter's gradient to zero. */
  public void zeroGrad() {
    for (Parameter p : array) {
      Elementwise.fill(p.grad(), 0f);
    }
  }

  /** Returns the current learning rate. */
  public float learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate used by the next steps (schedules call this).
   *
   * @throws IllegalArgumentException if {@code lr} is negative or not finite
   */
  public void setLearningRate(float lr) {
    checkArgument(
        lr >= 0 && !Float.isInfinite(lr),
        "%s: learning rate is %s; pass a finite lr ≥ 0",
        getClass().getSimpleName(),
        lr);
    this.learningRate = lr;
  }

  /** Returns the parameters this optimizer updates, in order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Returns the number of steps taken. */
  public long steps() {
    return steps;
  }

  /**
   * Returns whether every value written by the last {@link #step} is finite ({@code true} before
   * the first step).
   */
  public boolean lastStepFinite() {
    return lastStepFinite;
  }

  /** Whether a collection holds null (immutable collections throw on {@code contains(null)}). */
  private static boolean holdsNull(Collection<Parameter> parameters) {
    for (Parameter p : parameters) {
      if (p == null) {
        return true;
      }
    }
    return false;
  }

  static float checkNonNegative(String optimizer, String name, float value) {
    checkArgument(
        value >= 0 && !Float.isInfinite(value),
        "%s: %s is %s; pass a finite value ≥ 0",
        optimizer,
        name,
        value);
    return value;
  }

  static float checkBeta(String optimizer, String name, float value) {
    checkArgument(
        value >= 0 && value < 1,
        "%s: %s is %s; pass a value in [0, 1), e.g. 0.9",
        optimizer,
        name,
        value);
    return value;
  }
}
