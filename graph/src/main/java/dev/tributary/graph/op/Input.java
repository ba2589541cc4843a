package dev.tributary.graph.op;

import dev.tributary.core.Tensor;
import java.util.List;

/**
 * A graph input of {@code size} features, fed by name through {@link
 * dev.tributary.graph.Network#forward(java.util.Map)}. It has no predecessors and no computation:
 * the network copies the given tensor into the node's output buffer.
 */
public final class Input extends Operator {
  private final int size;

  /**
   * Declares an input with {@code size} features per sample.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public Input(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("Input size must be positive, got " + size);
    }
    this.size = size;
  }

  /** Returns the number of features per sample. */
  public int size() {
    return size;
  }

  @Override
  public String type() {
    return "Input";
  }

  @Override
  public Arity arity() {
    return Arity.NONE;
  }

  @Override
  public int outputWidth(String node, List<String> predecessors, int[] inputWidths) {
    return size;
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    // The network fills the output buffer from the user's tensor.
  }

  @Override
  public void backward(
      Tensor[] inputs,
      Tensor output,
      Tensor gradOutput,
      Tensor[] params,
      Tensor[] paramGrads,
      Tensor[] gradInputs) {
    // Nothing upstream.
  }

  @Override
  public String describe() {
    return "Input " + size;
  }
}
