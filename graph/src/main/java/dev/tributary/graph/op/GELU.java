package dev.tributary.graph.op;

import dev.tributary.core.ActivationKernels;

/**
 * Element-wise exact GELU, {@code y = x·Φ(x) = x/2·(1 + erf(x/√2))}, as {@code torch.nn.GELU()}.
 *
 * <p>Backward: {@code dx += dy · (Φ(x) + x·φ(x))}. It saves its input {@code x}.
 */
public final class GELU extends Activation {
  /** The graph-file registration: no fields. */
  public static final OperatorType TYPE = OperatorType.of("GELU", f -> new GELU());

  /** Creates the operator. */
  public GELU() {}

  @Override
  public String type() {
    return "GELU";
  }

  @Override
  public void forward(OpContext ctx) {
    ActivationKernels.gelu(ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      ActivationKernels.geluBackward(ctx.input(0), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
