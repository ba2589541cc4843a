package dev.tributary.graph.op;

import dev.tributary.core.Init;
import dev.tributary.core.MatMul;
import dev.tributary.core.Reductions;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}, with {@code weight} of shape {@code [out, in]} and
 * {@code bias} of shape {@code [out]} (PyTorch's layout).
 *
 * <p>Backward, for a batch {@code X [B, in]} and {@code dY [B, out]}: {@code dW += dYᵀ·X}, {@code
 * db += Σ_rows dY}, {@code dX += dY·W}. It saves its input {@code X} (read again in backward).
 *
 * <p>{@link #sharing(Linear)} makes a node that uses another Linear's parameters: both nodes
 * compute with the same weight and bias, and their gradients add up.
 */
public final class Linear extends Layer<Linear> {
  /** The graph-file registration: {@code in}, {@code out}, optional {@code init}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Linear",
          f -> new Linear(f.getInt("in"), f.getInt("out"), f.getInit("init")),
          Field.required("in", Field.Kind.POSITIVE_INT),
          Field.required("out", Field.Kind.POSITIVE_INT),
          Field.optional("init", Field.Kind.INIT, Init.XAVIER_UNIFORM));

  /** The largest weight a Linear may declare: the longest Java array. */
  private static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

  private final int in;
  private final int out;
  private final Init init;

  /**
   * A layer from {@code in} to {@code out} features, Xavier/Glorot-uniform weight, zero bias.
   *
   * @throws IllegalArgumentException if a size is not positive or the weight would not fit an array
   */
  public Linear(int in, int out) {
    this(in, out, Init.XAVIER_UNIFORM);
  }

  /**
   * A layer from {@code in} to {@code out} features whose weight is drawn from {@code init}; the
   * bias starts at zero.
   *
   * @throws IllegalArgumentException if a size is not positive, the weight would not fit an array,
   *     or {@code init} is null
   */
  public Linear(int in, int out, Init init) {
    this(in, out, init, null);
  }

  private Linear(int in, int out, Init init, Linear shared) {
    super(shared);
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException(
          "Linear sizes must be positive, got in=" + in + ", out=" + out);
    }
    if ((long) in * out > MAX_WEIGHTS) {
      throw new IllegalArgumentException(
          String.format(
              "a Linear(%d, %d) has %d weights, more than one array holds (%d); use smaller sizes",
              in, out, (long) in * out, MAX_WEIGHTS));
    }
    if (init == null) {
      throw new IllegalArgumentException("Linear init is null; pass e.g. Init.XAVIER_UNIFORM");
    }
    this.in = in;
    this.out = out;
    this.init = init;
  }

  /**
   * Returns a new layer that uses {@code other}'s weight and bias (weight sharing). Put both in the
   * same operators map; {@link dev.tributary.graph.Network#parameters()} then lists the parameters
   * once, under {@code other}'s node name, and the gradients of both uses add up.
   *
   * @throws IllegalArgumentException if {@code other} is null
   */
  public static Linear sharing(Linear other) {
    if (other == null) {
      throw new IllegalArgumentException("Linear.sharing: other is null; pass the Linear to share");
    }
    return other.share();
  }

  @Override
  public Linear share() {
    Linear owner = owner();
    return new Linear(owner.in, owner.out, owner.init, owner);
  }

  /** Returns the number of input features. */
  public int in() {
    return in;
  }

  /** Returns the number of output features. */
  public int out() {
    return out;
  }

  /** Returns the weight initialiser. */
  public Init init() {
    return init;
  }

  @Override
  public String type() {
    return "Linear";
  }

  @Override
  public Arity arity() {
    return Arity.ONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape s = inputs.get(0);
    if (s.rank() != 1) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) expects %d inputs but `%s` gives %s = %d values per sample; insert a"
                  + " Flatten between `%s` and `%s`%s",
              node,
              describe(),
              in,
              predecessors.get(0),
              s.product(),
              s.size(),
              predecessors.get(0),
              node,
              s.size() == in
                  ? ""
                  : " and declare the layer as Linear(" + s.size() + ", " + out + ")"),
          List.of(node, predecessors.get(0)));
    }
    if (s.dim(0) != in) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) is fed %d features by `%s`; expected %d. Make `%s` output %d"
                  + " features or declare the layer as Linear(%d, %d)",
              node,
              describe(),
              s.dim(0),
              predecessors.get(0),
              in,
              predecessors.get(0),
              in,
              s.dim(0),
              out),
          List.of(node, predecessors.get(0)));
    }
    return Shape.of(out);
  }

  @Override
  protected List<ParameterSpec> ownParameters() {
    return List.of(
        ParameterSpec.of("weight", init, out, in),
        new ParameterSpec("bias", Init.ZEROS, new int[] {out}, in, out));
  }

  @Override
  public void forward(OpContext ctx) {
    MatMul.abt(ctx.input(0), ctx.param(0), ctx.output());
    Reductions.addRowVector(ctx.output(), ctx.param(1), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    MatMul.atbAdd(ctx.gradOutput(), ctx.input(0), ctx.paramGrad(0));
    Reductions.columnSumsAdd(ctx.gradOutput(), ctx.paramGrad(1));
    if (ctx.gradInput(0) != null) {
      MatMul.abAdd(ctx.gradOutput(), ctx.param(0), ctx.gradInput(0));
    }
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("in", in);
    f.put("out", out);
    if (init != Init.XAVIER_UNIFORM) {
      f.put("init", init);
    }
    return f;
  }

  @Override
  public String describe() {
    return shared("Linear " + in + "→" + out);
  }
}
