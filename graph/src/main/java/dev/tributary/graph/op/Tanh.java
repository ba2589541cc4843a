package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;

/**
 * Element-wise {@code y = tanh(x)}.
 *
 * <p>Backward: {@code dx += dy · (1 - y²)}. It saves its output {@code y}.
 */
public final class Tanh extends Activation {
  /** Creates the operator. */
  public Tanh() {}

  @Override
  public String type() {
    return "Tanh";
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    Elementwise.tanh(inputs[0], output);
  }

  @Override
  public void backward(
      Tensor[] inputs,
      Tensor output,
      Tensor gradOutput,
      Tensor[] params,
      Tensor[] paramGrads,
      Tensor[] gradInputs) {
    if (gradInputs[0] != null) {
      Elementwise.tanhBackward(output, gradOutput, gradInputs[0]);
    }
  }
}
