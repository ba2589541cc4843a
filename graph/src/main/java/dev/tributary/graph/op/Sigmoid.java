package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;

/**
 * Element-wise {@code y = 1 / (1 + exp(-x))}.
 *
 * <p>Backward: {@code dx += dy · y · (1 - y)}. It saves its output {@code y}.
 */
public final class Sigmoid extends Activation {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("Sigmoid", f -> new Sigmoid());

  /** Creates the operator. */
  public Sigmoid() {}

  @Override
  public String type() {
    return "Sigmoid";
  }

  @Override
  public void forward(OpContext ctx) {
    Elementwise.sigmoid(ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      Elementwise.sigmoidBackward(ctx.output(), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
