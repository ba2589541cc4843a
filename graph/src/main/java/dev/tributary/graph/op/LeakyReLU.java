package dev.tributary.graph.op;

import dev.tributary.core.ActivationKernels;
import java.util.Map;

/**
 * Element-wise {@code y = x > 0 ? x : slope·x}, as {@code torch.nn.LeakyReLU} (slope 0.01 by
 * default).
 *
 * <p>Backward: {@code dx += dy · (x > 0 ? 1 : slope)}. It saves its input {@code x}.
 */
public final class LeakyReLU extends Activation {
  /** The graph-file registration: optional {@code slope}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "LeakyReLU",
          f -> new LeakyReLU(f.getFloat("slope")),
          Field.optional("slope", Field.Kind.NON_NEGATIVE_NUMBER, 0.01f));

  private final float slope;

  /** A leaky ReLU with slope 0.01. */
  public LeakyReLU() {
    this(0.01f);
  }

  /**
   * A leaky ReLU with the given negative slope.
   *
   * @throws IllegalArgumentException if the slope is negative or not finite
   */
  public LeakyReLU(float slope) {
    if (!(slope >= 0f) || Float.isInfinite(slope)) {
      throw new IllegalArgumentException(
          "LeakyReLU slope must be a finite number ≥ 0, got " + slope);
    }
    this.slope = slope;
  }

  @Override
  public String type() {
    return "LeakyReLU";
  }

  @Override
  public void forward(OpContext ctx) {
    ActivationKernels.leakyRelu(ctx.input(0), slope, ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    if (ctx.gradInput(0) != null) {
      ActivationKernels.leakyReluBackward(ctx.input(0), slope, ctx.gradOutput(), ctx.gradInput(0));
    }
  }

  @Override
  public Map<String, Object> fields() {
    return slope == 0.01f ? Map.of() : Map.of("slope", slope);
  }

  @Override
  public String describe() {
    return slope == 0.01f ? "LeakyReLU" : "LeakyReLU " + slope;
  }
}
