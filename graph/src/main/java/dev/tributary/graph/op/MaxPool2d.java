package dev.tributary.graph.op;

import dev.tributary.core.ConvGeometry;
import dev.tributary.core.PoolKernels;
import dev.tributary.graph.Shape;
import java.util.List;

/**
 * Max pooling over {@code kernel × kernel} windows moved by {@code stride} (the kernel by default),
 * per channel, no padding, floor mode, as {@code torch.nn.MaxPool2d}: {@code y[b, c, i, j] =
 * max_{u,v} x[b, c, i·s + u, j·s + v]}.
 *
 * <p>Backward: each output's gradient goes to the input element that was its maximum (the first one
 * on ties), {@code dx[argmax] += dy}. It saves the argmax of every window in an int scratch array.
 */
public final class MaxPool2d extends Pool2d {
  /** The graph-file registration: {@code kernel}, optional {@code stride}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "MaxPool2d",
          f -> new MaxPool2d(f.getInt("kernel"), stride(f)),
          Field.required("kernel", Field.Kind.POSITIVE_INT),
          Field.optional("stride", Field.Kind.POSITIVE_INT, null));

  /**
   * Pools non-overlapping {@code kernel × kernel} windows.
   *
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public MaxPool2d(int kernel) {
    this(kernel, kernel);
  }

  /**
   * Pools {@code kernel × kernel} windows moved by {@code stride}.
   *
   * @throws IllegalArgumentException if the kernel or the stride is not positive
   */
  public MaxPool2d(int kernel, int stride) {
    super("MaxPool2d", kernel, stride);
  }

  @Override
  public String type() {
    return "MaxPool2d";
  }

  @Override
  public Scratch scratch(Object plan, List<Shape> inputs, Shape output, int batch) {
    return new Scratch(new int[0], new int[] {batch * output.size()});
  }

  @Override
  public void forward(OpContext ctx) {
    PoolKernels.maxForward((ConvGeometry) ctx.plan(), ctx.input(0), ctx.output(), ctx.indices(0));
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      PoolKernels.maxBackward(
          (ConvGeometry) ctx.plan(), ctx.gradOutput(), ctx.indices(0), ctx.gradInput(0));
    }
  }
}
