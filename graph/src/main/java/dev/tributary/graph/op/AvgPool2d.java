package dev.tributary.graph.op;

import dev.tributary.core.ConvGeometry;
import dev.tributary.core.PoolKernels;

/**
 * Average pooling over {@code kernel × kernel} windows moved by {@code stride} (the kernel by
 * default), per channel, no padding, floor mode, as {@code torch.nn.AvgPool2d}: {@code y[b, c, i,
 * j] = (1/k²)·Σ_{u,v} x[b, c, i·s + u, j·s + v]}.
 *
 * <p>Backward: every element of a window receives {@code dy/k²}. It saves nothing.
 */
public final class AvgPool2d extends Pool2d {
  /** The graph-file registration: {@code kernel}, optional {@code stride}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "AvgPool2d",
          f -> new AvgPool2d(f.getInt("kernel"), stride(f)),
          Field.required("kernel", Field.Kind.POSITIVE_INT),
          Field.optional("stride", Field.Kind.POSITIVE_INT, null));

  /**
   * Averages non-overlapping {@code kernel × kernel} windows.
   *
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public AvgPool2d(int kernel) {
    this(kernel, kernel);
  }

  /**
   * Averages {@code kernel × kernel} windows moved by {@code stride}.
   *
   * @throws IllegalArgumentException if the kernel or the stride is not positive
   */
  public AvgPool2d(int kernel, int stride) {
    super("AvgPool2d", kernel, stride);
  }

  @Override
  public String type() {
    return "AvgPool2d";
  }

  @Override
  public void forward(OpContext ctx) {
    PoolKernels.avgForward((ConvGeometry) ctx.plan(), ctx.input(0), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      PoolKernels.avgBackward((ConvGeometry) ctx.plan(), ctx.gradOutput(), ctx.gradInput(0));
    }
  }
}
