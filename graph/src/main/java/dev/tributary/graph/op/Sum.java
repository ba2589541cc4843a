package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Shape;
import java.util.List;

/**
 * The element-wise sum of all its predecessors' outputs, {@code y = x₁ + x₂ + … + xₙ}; the inputs
 * must have one shape. This is how converging branches meet.
 *
 * <p>Backward: every input receives the output gradient, {@code dxᵢ += dy}. It saves nothing.
 */
public final class Sum extends Operator {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("Sum", f -> new Sum());

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
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return sameShapes(node, type(), predecessors, inputs);
  }

  @Override
  public void forward(OpContext ctx) {
    Tensor output = ctx.output();
    output.copyFrom(ctx.input(0));
    for (int i = 1; i < ctx.inputCount(); i++) {
      Elementwise.add(output, ctx.input(i), output);
    }
  }

  @Override
  public void backward(OpContext ctx) {
    for (int i = 0; i < ctx.inputCount(); i++) {
      Tensor gradInput = ctx.gradInput(i);
      if (gradInput != null) {
        Elementwise.axpy(1f, ctx.gradOutput(), gradInput);
      }
    }
  }
}
