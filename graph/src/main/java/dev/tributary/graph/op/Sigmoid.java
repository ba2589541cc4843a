package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;

/**
 * Element-wise {@code y = 1 / (1 + exp(-x))}.
 *
 * <p>Backward: {@code dx += dy · y · (1 - y)}. It saves its output {@code y}.
 */
public final class Sigmoid extends Activation {
  /** Creates the operator. */
  public Sigmoid() {}

  @Override
  public String type() {
    return "Sigmoid";
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    Elementwise.sigmoid(inputs[0], output);
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
      Elementwise.sigmoidBackward(output, gradOutput, gradInputs[0]);
    }
  }
}
