package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;

/**
 * Element-wise {@code y = max(x, 0)}.
 *
 * <p>Backward: {@code dx += dy · [y > 0]}. It saves its output {@code y}.
 */
public final class ReLU extends Activation {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("ReLU", f -> new ReLU());

  /** Creates the operator. */
  public ReLU() {}

  @Override
  public String type() {
    return "ReLU";
  }

  @Override
  public void forward(OpContext ctx) {
    Elementwise.relu(ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      Elementwise.reluBackward(ctx.output(), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
