package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import java.util.List;

/**
 * The element-wise sum of all its predecessors' outputs, {@code y = x₁ + x₂ + … + xₙ}; the inputs
 * must have one width. This is how converging branches meet.
 *
 * <p>Backward: every input receives the output gradient, {@code dxᵢ += dy}. It saves nothing.
 */
public final class Sum extends Operator {
  /** Creates the operator. */
  public Sum() {}

  @Override
  public String type() {
    return "Sum";
  }

  @Override
  public Arity arity() {
    return Arity.MANY;
  }

  @Override
  public int outputWidth(String node, List<String> predecessors, int[] inputWidths) {
    return sameWidths(node, type(), predecessors, inputWidths);
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    output.copyFrom(inputs[0]);
    for (int i = 1; i < inputs.length; i++) {
      Elementwise.add(output, inputs[i], output);
    }
  }

  @Override
  public void backward(
      Tensor[] inputs,
      Tensor output,
      Tensor gradOutput,
      Tensor[] params,
      Tensor[] paramGrads,
      Tensor[] gradInputs) {
    for (Tensor gradInput : gradInputs) {
      if (gradInput != null) {
        Elementwise.axpy(1f, gradOutput, gradInput);
      }
    }
  }
}
