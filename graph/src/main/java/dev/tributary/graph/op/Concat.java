package dev.tributary.graph.op;

import dev.tributary.core.Columns;
import dev.tributary.core.Tensor;
import java.util.List;

/**
 * Joins its predecessors' outputs along the feature axis, in the order the predecessors appear in
 * the operators map: {@code y = [x₁ | x₂ | … | xₙ]}, of width {@code Σ wᵢ}.
 *
 * <p>Backward: each input receives its own slice of columns, {@code dxᵢ += dy[:, oᵢ : oᵢ + wᵢ]}. It
 * saves nothing (the offsets follow from the input widths).
 */
public final class Concat extends Operator {
  /** Creates the operator. */
  public Concat() {}

  @Override
  public String type() {
    return "Concat";
  }

  @Override
  public Arity arity() {
    return Arity.MANY;
  }

  @Override
  public int outputWidth(String node, List<String> predecessors, int[] inputWidths) {
    int total = 0;
    for (int w : inputWidths) {
      total += w;
    }
    return total;
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    int offset = 0;
    for (Tensor input : inputs) {
      Columns.copyInto(input, output, offset);
      offset += input.dim(1);
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
    int offset = 0;
    for (int i = 0; i < inputs.length; i++) {
      if (gradInputs[i] != null) {
        Columns.addFrom(gradOutput, offset, gradInputs[i]);
      }
      offset += inputs[i].dim(1);
    }
  }
}
