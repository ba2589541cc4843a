package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;

/**
 * Element-wise {@code y = max(x, 0)}.
 *
 * <p>Backward: {@code dx += dy · [y > 0]}. It saves its output {@code y}.
 */
public final class ReLU extends Activation {
  /** Creates the operator. */
  public ReLU() {}

  @Override
  public String type() {
    return "ReLU";
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    Elementwise.relu(inputs[0], output);
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
      Elementwise.reluBackward(output, gradOutput, gradInputs[0]);
    }
  }
}
