package dev.tributary.graph.op;

import dev.tributary.core.Columns;
import dev.tributary.graph.Shape;
import java.util.List;

/**
 * Flattens each sample to a vector: {@code [C, H, W]} → {@code [C·H·W]} in row-major order, what
 * {@code torch.flatten(x, 1)} gives. A vector passes through unchanged.
 *
 * <p>Backward: {@code dx += dy}, read in the input's shape. It saves nothing.
 */
public final class Flatten extends Operator {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("Flatten", f -> new Flatten());

  /** Creates the operator. */
  public Flatten() {}

  @Override
  public String type() {
    return "Flatten";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return Shape.of(inputs.get(0).size());
  }

  @Override
  public void forward(OpContext ctx) {
    Columns.copyInto(ctx.input(0), ctx.output(), 0);
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      Columns.addFrom(ctx.gradOutput(), 0, ctx.gradInput(0));
    }
  }
}
