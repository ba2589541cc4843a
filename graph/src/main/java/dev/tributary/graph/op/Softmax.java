package dev.tributary.graph.op;

import dev.tributary.core.SoftmaxKernels;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.List;

/**
 * The softmax over the features of each sample, {@code y_j = exp(x_j − max x)/Σ_k exp(x_k − max
 * x)}: class probabilities for inference (losses take the logits before it).
 *
 * <p>Backward: {@code dx += y ⊙ (dy − Σ_j dy_j·y_j)}. It saves its output {@code y}.
 */
public final class Softmax extends Operator {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("Softmax", f -> new Softmax());

  /** Creates the operator. */
  public Softmax() {}

  @Override
  public String type() {
    return "Softmax";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.rank() != 1) {
      throw new GraphException(
          String.format(
              "node `%s` (Softmax) works over features but `%s` gives %s; insert a Flatten before"
                  + " it",
              node, predecessors.get(0), in),
          List.of(node, predecessors.get(0)));
    }
    return in;
  }

  @Override
  public void forward(OpContext ctx) {
    SoftmaxKernels.forward(ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      SoftmaxKernels.backward(ctx.output(), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
