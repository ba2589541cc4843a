package dev.tributary.graph.op;

import dev.tributary.core.Conv2dKernels;
import dev.tributary.core.ConvGeometry;
import dev.tributary.core.Init;
import dev.tributary.graph.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 2-D convolution with a square kernel, stride and zero padding, as {@code torch.nn.Conv2d}:
 * {@code y[b, o, i, j] = bias[o] + Σ_{c, u, v} weight[o, c, u, v]·x[b, c, i·s − p + u, j·s − p +
 * v]}, with {@code weight [out, in, k, k]} and {@code bias [out]}; an input {@code [in, H, W]}
 * gives {@code [out, ⌊(H + 2p − k)/s⌋ + 1, ⌊(W + 2p − k)/s⌋ + 1]}.
 *
 * <p>Backward: {@code dW += Σ dy ⊗ x-window}, {@code db += Σ_{b,i,j} dy}, and {@code dx +=} the
 * transposed convolution of {@code dy} with {@code W}. It saves the im2col matrix of its input in a
 * scratch array (written by forward, read by backward); see {@link Conv2dKernels}.
 *
 * <p>Default initialisation is PyTorch's: {@code U(±1/√(in·k²))} for both weight and bias.
 */
public final class Conv2d extends Layer<Conv2d> {
  /**
   * The graph-file registration: {@code in}, {@code out}, {@code kernel}, {@code stride}, {@code
   * padding}.
   */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Conv2d",
          f ->
              new Conv2d(
                  f.getInt("in"),
                  f.getInt("out"),
                  f.getInt("kernel"),
                  f.getInt("stride"),
                  f.getInt("padding")),
          Field.required("in", Field.Kind.POSITIVE_INT),
          Field.required("out", Field.Kind.POSITIVE_INT),
          Field.required("kernel", Field.Kind.POSITIVE_INT),
          Field.optional("stride", Field.Kind.POSITIVE_INT, 1),
          Field.optional("padding", Field.Kind.NON_NEGATIVE_INT, 0));

  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;

  /**
   * A convolution from {@code in} to {@code out} channels with a {@code kernel × kernel} window,
   * stride 1 and no padding.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public Conv2d(int in, int out, int kernel) {
    this(in, out, kernel, 1, 0);
  }

  /**
   * A convolution with the given stride and zero padding.
   *
   * @throws IllegalArgumentException if a size or the stride is not positive, the padding is
   *     negative, or the weight would not fit an array
   */
  public Conv2d(int in, int out, int kernel, int stride, int padding) {
    this(in, out, kernel, stride, padding, null);
  }

  private Conv2d(int in, int out, int kernel, int stride, int padding, Conv2d shared) {
    super(shared);
    if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Conv2d needs positive in, out, kernel and stride and padding ≥ 0, got in=%d, out=%d,"
                  + " kernel=%d, stride=%d, padding=%d",
              in, out, kernel, stride, padding));
    }
    if ((long) in * out * kernel * kernel > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          String.format(
              "a Conv2d(%d, %d, %d) has more weights than one array holds; use smaller sizes",
              in, out, kernel));
    }
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  /**
   * Returns a new convolution that uses {@code other}'s weight and bias (weight sharing), as {@link
   * Linear#sharing}.
   *
   * @throws IllegalArgumentException if {@code other} is null
   */
  public static Conv2d sharing(Conv2d other) {
    if (other == null) {
      throw new IllegalArgumentException("Conv2d.sharing: other is null; pass the Conv2d to share");
    }
    return other.share();
  }

  @Override
  public Conv2d share() {
    Conv2d o = owner();
    return new Conv2d(o.in, o.out, o.kernel, o.stride, o.padding, o);
  }

  /** Returns the number of input channels. */
  public int in() {
    return in;
  }

  /** Returns the number of output channels. */
  public int out() {
    return out;
  }

  @Override
  public String type() {
    return "Conv2d";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape s = requireImage(node, describe(), predecessors, inputs.get(0), in);
    ConvGeometry g = Windows.geometry(node, describe(), predecessors, s, kernel, stride, padding);
    return Shape.of(out, g.outHeight(), g.outWidth());
  }

  @Override
  protected List<ParameterSpec> ownParameters() {
    int fanIn = in * kernel * kernel;
    return List.of(
        ParameterSpec.of("weight", Init.UNIFORM, out, in, kernel, kernel),
        new ParameterSpec("bias", Init.UNIFORM, new int[] {out}, fanIn, out * kernel * kernel));
  }

  @Override
  public Object plan(List<Shape> inputs, Shape output) {
    Shape s = inputs.get(0);
    return new ConvGeometry(in, s.dim(1), s.dim(2), kernel, stride, padding);
  }

  @Override
  public Scratch scratch(Object plan, List<Shape> inputs, Shape output, int batch) {
    return new Scratch(
        new int[] {Conv2dKernels.scratchSize((ConvGeometry) plan, out, batch)}, new int[0]);
  }

  @Override
  public void forward(OpContext ctx) {
    Conv2dKernels.forward(
        (ConvGeometry) ctx.plan(),
        ctx.input(0),
        ctx.param(0),
        ctx.param(1),
        ctx.output(),
        ctx.scratch(0));
  }

  @Override
  public void backward(OpContext ctx) {
    ConvGeometry g = (ConvGeometry) ctx.plan();
    Conv2dKernels.backwardParams(
        g, ctx.input(0), ctx.gradOutput(), ctx.paramGrad(0), ctx.paramGrad(1), ctx.scratch(0));
    if (ctx.gradInput(0) != null) {
      Conv2dKernels.backwardInput(
          g, ctx.gradOutput(), ctx.param(0), ctx.gradInput(0), ctx.scratch(0));
    }
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("in", in);
    f.put("out", out);
    f.put("kernel", kernel);
    if (stride != 1) {
      f.put("stride", stride);
    }
    if (padding != 0) {
      f.put("padding", padding);
    }
    return f;
  }

  @Override
  public String describe() {
    String extra = (stride != 1 ? " s" + stride : "") + (padding != 0 ? " p" + padding : "");
    return shared("Conv2d " + in + "→" + out + " " + kernel + "×" + kernel + extra);
  }
}
