package dev.tributary.graph.op;

import dev.tributary.core.Init;
import dev.tributary.core.MatMul;
import dev.tributary.core.Reductions;
import dev.tributary.core.Tensor;
import dev.tributary.graph.GraphException;
import java.util.List;

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
public final class Linear extends Operator {
  private final int in;
  private final int out;
  private final Init init;
  private final Linear shared;

  /**
   * A layer from {@code in} to {@code out} features, Xavier/Glorot-uniform weight, zero bias.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public Linear(int in, int out) {
    this(in, out, Init.XAVIER_UNIFORM);
  }

  /**
   * A layer from {@code in} to {@code out} features whose weight is drawn from {@code init}; the
   * bias starts at zero.
   *
   * @throws IllegalArgumentException if a size is not positive or {@code init} is null
   */
  public Linear(int in, int out, Init init) {
    this(in, out, init, null);
  }

  private Linear(int in, int out, Init init, Linear shared) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException(
          "Linear sizes must be positive, got in=" + in + ", out=" + out);
    }
    if (init == null) {
      throw new IllegalArgumentException("Linear init is null; pass e.g. Init.XAVIER_UNIFORM");
    }
    this.in = in;
    this.out = out;
    this.init = init;
    this.shared = shared;
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
    Linear owner = other.shared == null ? other : other.shared;
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
  public int outputWidth(String node, List<String> predecessors, int[] inputWidths) {
    if (inputWidths[0] != in) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) is fed %d features by `%s`; expected %d. Make `%s` output %d"
                  + " features or declare the layer as Linear(%d, %d)",
              node,
              describe(),
              inputWidths[0],
              predecessors.get(0),
              in,
              predecessors.get(0),
              in,
              inputWidths[0],
              out),
          List.of(node, predecessors.get(0)));
    }
    return out;
  }

  @Override
  public List<ParameterSpec> parameterSpecs() {
    return shared != null
        ? List.of()
        : List.of(
            new ParameterSpec("weight", init, out, in), new ParameterSpec("bias", Init.ZEROS, out));
  }

  @Override
  public Operator sharedParametersOf() {
    return shared;
  }

  @Override
  public void forward(Tensor[] inputs, Tensor[] params, Tensor output) {
    MatMul.abt(inputs[0], params[0], output);
    Reductions.addRowVector(output, params[1], output);
  }

  @Override
  public void backward(
      Tensor[] inputs,
      Tensor output,
      Tensor gradOutput,
      Tensor[] params,
      Tensor[] paramGrads,
      Tensor[] gradInputs) {
    MatMul.atbAdd(gradOutput, inputs[0], paramGrads[0]);
    Reductions.columnSumsAdd(gradOutput, paramGrads[1]);
    if (gradInputs[0] != null) {
      MatMul.abAdd(gradOutput, params[0], gradInputs[0]);
    }
  }

  @Override
  public String describe() {
    return "Linear " + in + "→" + out + (shared != null ? " (shared)" : "");
  }
}
