package dev.tributary.graph.op;

import dev.tributary.core.Init;
import dev.tributary.core.Tensor;
import dev.tributary.graph.GraphException;
import java.util.List;

/**
 * A node's computation: a forward map from its predecessors' outputs to its own output, and the
 * hand-written backward map from the gradient of its output to the gradients of its inputs and
 * parameters.
 *
 * <p>An operator is an immutable description. The {@link dev.tributary.graph.Network} that uses it
 * owns every buffer: it passes the inputs, the parameters and the output buffer to {@link
 * #forward}, keeps them until the backward pass, and passes them again to {@link #backward}. What
 * an operator "saves for backward" is therefore just which of those tensors it reads there. All
 * tensors are batch-first, {@code [batch, features]}.
 *
 * <p>Operators never loop over elements themselves: they call the kernels of {@code
 * dev.tributary.core}.
 */
public abstract class Operator {

  /** How many predecessors an operator takes. */
  public enum Arity {
    /** A graph input: no predecessors. */
    NONE,
    /** Exactly one predecessor. */
    ONE,
    /** One or more predecessors. */
    MANY
  }

  /** The shape and initialiser of one parameter of an operator. */
  public static final class ParameterSpec {
    private final String suffix;
    private final int[] shape;
    private final Init init;

    /**
     * Describes a parameter.
     *
     * @param suffix the parameter's name within its node, e.g. {@code "weight"}
     * @param init how it is initialised; a rank-2 shape is {@code [fanOut, fanIn]}
     * @param shape its shape
     */
    public ParameterSpec(String suffix, Init init, int... shape) {
      this.suffix = suffix;
      this.init = init;
      this.shape = shape.clone();
    }

    /** Returns the parameter's name within its node. */
    public String suffix() {
      return suffix;
    }

    /** Returns a copy of the shape. */
    public int[] shape() {
      return shape.clone();
    }

    /** Returns the initialiser. */
    public Init init() {
      return init;
    }
  }

  /** Returns the operator's type as written in graph files, e.g. {@code "Linear"}. */
  public abstract String type();

  /** Returns how many predecessors this operator takes. */
  public abstract Arity arity();

  /**
   * Infers the output width (features per sample) from the input widths, and checks them.
   *
   * @param node this operator's node name, for messages
   * @param predecessors the predecessors' names, in input order
   * @param inputWidths their output widths, in the same order
   * @return the width of this operator's output
   * @throws GraphException if the widths do not fit this operator; the message names the node, the
   *     offending predecessor and the widths
   */
  public abstract int outputWidth(String node, List<String> predecessors, int[] inputWidths);

  /** Returns the parameters this operator owns; empty for parameter-free operators. */
  public List<ParameterSpec> parameterSpecs() {
    return List.of();
  }

  /**
   * Returns the operator whose parameters this one uses instead of owning its own (weight sharing),
   * or {@code null}.
   */
  public Operator sharedParametersOf() {
    return null;
  }

  /**
   * Computes the output from the inputs.
   *
   * @param inputs the predecessors' outputs, {@code [batch, width_i]}, in input order
   * @param params the parameter values, in {@link #parameterSpecs()} order
   * @param output the buffer to overwrite, {@code [batch, outputWidth]}
   */
  public abstract void forward(Tensor[] inputs, Tensor[] params, Tensor output);

  /**
   * Adds this operator's contribution to the gradients of its inputs and parameters.
   *
   * <p>Gradients are <em>added</em> ({@code +=}): a node that feeds several successors receives the
   * sum of their contributions, and parameter gradients accumulate across calls until zeroed.
   *
   * @param inputs the inputs of the last {@link #forward}
   * @param output the output of the last {@link #forward}
   * @param gradOutput the gradient of the loss with respect to {@code output}
   * @param params the parameter values
   * @param paramGrads the parameter gradients to add to, in {@link #parameterSpecs()} order
   * @param gradInputs the input gradients to add to; an entry is {@code null} when no one needs
   *     that gradient (then skip its computation)
   */
  public abstract void backward(
      Tensor[] inputs,
      Tensor output,
      Tensor gradOutput,
      Tensor[] params,
      Tensor[] paramGrads,
      Tensor[] gradInputs);

  /** Returns a short description for tables and pictures, e.g. {@code "Linear 2→25"}. */
  public String describe() {
    return type();
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Checks that all inputs have the same width and returns it; used by element-wise operators. */
  static int sameWidths(String node, String type, List<String> predecessors, int[] widths) {
    for (int i = 1; i < widths.length; i++) {
      if (widths[i] != widths[0]) {
        throw new GraphException(
            String.format(
                "node `%s` (%s) needs inputs of one width, but `%s` gives %d features and `%s`"
                    + " gives %d; make the predecessors' widths equal (e.g. adjust a Linear's"
                    + " out)",
                node, type, predecessors.get(0), widths[0], predecessors.get(i), widths[i]),
            List.of(node, predecessors.get(0), predecessors.get(i)));
      }
    }
    return widths[0];
  }
}
