package dev.tributary.graph.op;

import dev.tributary.core.Elementwise;

/**
 * Element-wise {@code y = tanh(x)}.
 *
 * <p>Backward: {@code dx += dy · (1 - y²)}. It saves its output {@code y}.
 */
public final class Tanh extends Activation {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("Tanh", f -> new Tanh());

  /** Creates the operator. */
  public Tanh() {}

  @Override
  public String type() {
    return "Tanh";
  }

  @Override
  public void forward(OpContext ctx) {
    Elementwise.tanh(ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      Elementwise.tanhBackward(ctx.output(), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
