package dev.tributary.graph;

import dev.tributary.core.Tensor;

/**
 * A trainable tensor of a {@link Network}: its value and the gradient accumulated for it by {@link
 * Network#backward}. Both tensors are live: optimizers update {@link #value()} in place, and {@link
 * Network#zeroGrad()} clears {@link #grad()}.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;

  Parameter(String name, Tensor value, Tensor grad) {
    this.name = name;
    this.value = value;
    this.grad = grad;
  }

  /** Returns the name, {@code "<node>.weight"} or {@code "<node>.bias"}. */
  public String name() {
    return name;
  }

  /** Returns the live value tensor. */
  public Tensor value() {
    return value;
  }

  /** Returns the live gradient tensor, the same shape as {@link #value()}. */
  public Tensor grad() {
    return grad;
  }

  /** Returns the number of scalars in this parameter. */
  public int size() {
    return value.size();
  }

  @Override
  public String toString() {
    return "Parameter " + name + " " + java.util.Arrays.toString(value.shape());
  }
}
