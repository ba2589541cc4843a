package dev.tributary.graph.op;

import dev.tributary.core.Init;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A node's computation: a forward map from its predecessors' outputs to its own output, and the
 * hand-written backward map from the gradient of its output to the gradients of its inputs and
 * parameters.
 *
 * <p>An operator is an immutable description. It declares, and the {@link
 * dev.tributary.graph.Network} allocates: its output shape ({@link #outputShape}, checked when the
 * network is built), its parameters ({@link #parameterSpecs}), its non-trainable buffers ({@link
 * #bufferSpecs}, e.g. running statistics), and the scratch arrays a pass needs ({@link #scratch},
 * e.g. a dropout mask or the argmax of a max-pool), sized once per batch size. The network hands
 * all of it to {@link #forward} and {@link #backward} in an {@link OpContext}. Tensors are
 * batch-first, {@code [batch, shape...]}.
 *
 * <p>Operators never loop over elements themselves: they call the kernels of {@code
 * dev.tributary.core}. Graph files read and write an operator through its {@link OperatorType}
 * registration (see {@link Operators}).
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

  /**
   * The shape and initialiser of one parameter. {@code fanIn} and {@code fanOut} are PyTorch's: for
   * a weight {@code [out, in, k...]}, {@code in·Πk} and {@code out·Πk}; a bias takes its layer's.
   *
   * @param suffix the parameter's name within its node, e.g. {@code "weight"}
   * @param init how it is initialised
   * @param shape its shape
   * @param fanIn inputs per unit, for the initialiser
   * @param fanOut units, for the initialiser
   */
  @SuppressWarnings("ArrayRecordComponent") // int[] as everywhere; copied, compared by content
  public record ParameterSpec(String suffix, Init init, int[] shape, int fanIn, int fanOut) {
    /** Copies the shape. */
    public ParameterSpec {
      shape = shape.clone();
    }

    /**
     * A parameter whose fans follow from its shape as PyTorch computes them: {@code fanIn =
     * shape[1]·Π shape[2:]} and {@code fanOut = shape[0]·Π shape[2:]}; a rank-1 shape has {@code
     * fanIn = 1}, {@code fanOut = shape[0]}.
     */
    public static ParameterSpec of(String suffix, Init init, int... shape) {
      int receptive = 1;
      for (int i = 2; i < shape.length; i++) {
        receptive *= shape[i];
      }
      int fanIn = shape.length > 1 ? shape[1] * receptive : 1;
      return new ParameterSpec(suffix, init, shape, fanIn, shape[0] * receptive);
    }

    /** Returns a copy of the shape. */
    @Override
    public int[] shape() {
      return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterSpec that
          && suffix.equals(that.suffix)
          && init == that.init
          && Arrays.equals(shape, that.shape)
          && fanIn == that.fanIn
          && fanOut == that.fanOut;
    }

    @Override
    public int hashCode() {
      return suffix.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return suffix + " " + Arrays.toString(shape) + " " + init;
    }
  }

  /**
   * A non-trainable tensor an operator keeps across passes (e.g. batch norm's running mean).
   *
   * @param suffix its name within its node, e.g. {@code "running_mean"}
   * @param shape its shape
   * @param initial the value every element starts at
   * @param integer whether model files store it as a 64-bit integer (as PyTorch's {@code
   *     num_batches_tracked})
   */
  @SuppressWarnings("ArrayRecordComponent") // int[] as everywhere; copied, compared by content
  public record BufferSpec(String suffix, int[] shape, float initial, boolean integer) {
    /** Copies the shape. */
    public BufferSpec {
      shape = shape.clone();
    }

    /** Returns a copy of the shape. */
    @Override
    public int[] shape() {
      return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BufferSpec that
          && suffix.equals(that.suffix)
          && Arrays.equals(shape, that.shape)
          && Float.compare(initial, that.initial) == 0
          && integer == that.integer;
    }

    @Override
    public int hashCode() {
      return suffix.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return suffix + " " + Arrays.toString(shape);
    }
  }

  /**
   * The scratch arrays one pass of a node needs at one batch size: the lengths of its float arrays
   * and of its int arrays, in the order {@link OpContext#scratch} and {@link OpContext#indices}
   * number them.
   *
   * @param floats lengths of the float arrays
   * @param ints lengths of the int arrays
   */
  @SuppressWarnings("ArrayRecordComponent") // int[] as everywhere; copied, compared by content
  public record Scratch(int[] floats, int[] ints) {
    /** No scratch. */
    public static final Scratch NONE = new Scratch(new int[0], new int[0]);

    /** Copies the lengths. */
    public Scratch {
      floats = floats.clone();
      ints = ints.clone();
    }

    /** Returns a copy of the float lengths. */
    @Override
    public int[] floats() {
      return floats.clone();
    }

    /** Returns a copy of the int lengths. */
    @Override
    public int[] ints() {
      return ints.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Scratch that
          && Arrays.equals(floats, that.floats)
          && Arrays.equals(ints, that.ints);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(floats) * 31 + Arrays.hashCode(ints);
    }

    @Override
    public String toString() {
      return "Scratch" + Arrays.toString(floats) + Arrays.toString(ints);
    }
  }

  /** Returns the operator's type as written in graph files, e.g. {@code "Linear"}. */
  public abstract String type();

  /** Returns how many predecessors this operator takes. */
  public abstract Arity arity();

  /**
   * Infers the per-sample output shape from the input shapes, and checks them.
   *
   * @param node this operator's node name, for messages
   * @param predecessors the predecessors' names, in input order
   * @param inputs their per-sample output shapes, in the same order
   * @return the per-sample shape of this operator's output
   * @throws GraphException if the shapes do not fit this operator; the message names the node, the
   *     offending predecessor and both shapes, and says how to fix it
   */
  public abstract Shape outputShape(String node, List<String> predecessors, List<Shape> inputs);

  /** Returns the parameters this operator owns; empty for parameter-free or sharing operators. */
  public List<ParameterSpec> parameterSpecs() {
    return List.of();
  }

  /** Returns the buffers (non-trainable state) this operator owns; empty for most. */
  public List<BufferSpec> bufferSpecs() {
    return List.of();
  }

  /**
   * Returns the operator whose parameters and buffers this one uses instead of owning its own
   * (weight sharing), or {@code null}.
   */
  public Operator sharedParametersOf() {
    return null;
  }

  /**
   * Returns the order of this node's inputs, as predecessor names, or an empty list to take them in
   * the operators map's order (the default). A non-empty order must name every predecessor once.
   */
  public List<String> inputOrder() {
    return List.of();
  }

  /**
   * Computes, once when the network is built, what this node's passes need from its shapes (e.g. a
   * convolution's geometry); {@link OpContext#plan()} returns it. The default is {@code null}.
   */
  public Object plan(List<Shape> inputs, Shape output) {
    return null;
  }

  /** Declares the scratch arrays a pass needs at a batch size. The default is none. */
  public Scratch scratch(Object plan, List<Shape> inputs, Shape output, int batch) {
    return Scratch.NONE;
  }

  /** Computes {@code ctx.output()} from the inputs, parameters and buffers. */
  public abstract void forward(OpContext ctx);

  /**
   * Adds this operator's contribution to the gradients of its inputs and parameters.
   *
   * <p>Gradients are <em>added</em> ({@code +=}): a node that feeds several successors receives the
   * sum of their contributions, and parameter gradients accumulate across calls until zeroed.
   */
  public abstract void backward(OpContext ctx);

  /**
   * Returns the fields a graph file stores for this operator, by name and in file order, with
   * defaults left out (values are {@code Integer}, {@code Float}, {@code String}, {@code int[]},
   * {@code List<String>} or an enum). A sharing operator's fields are its owner's.
   */
  public Map<String, Object> fields() {
    return Map.of();
  }

  /** Returns a short description for tables and pictures, e.g. {@code "Linear 2→25"}. */
  public String describe() {
    return type();
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Checks that all inputs have one shape and returns it; used by element-wise operators. */
  static Shape sameShapes(String node, String type, List<String> predecessors, List<Shape> shapes) {
    for (int i = 1; i < shapes.size(); i++) {
      if (!shapes.get(i).equals(shapes.get(0))) {
        throw new GraphException(
            String.format(
                "node `%s` (%s) needs inputs of one shape, but `%s` gives %s and `%s` gives %s;"
                    + " make the predecessors' shapes equal (e.g. adjust a Linear's out)",
                node,
                type,
                predecessors.get(0),
                show(shapes.get(0)),
                predecessors.get(i),
                show(shapes.get(i))),
            List.of(node, predecessors.get(0), predecessors.get(i)));
      }
    }
    return shapes.get(0);
  }

  /** Shows a shape in messages: {@code 25 features} for vectors, {@code [16, 12, 12]} otherwise. */
  static String show(Shape s) {
    return s.rank() == 1 ? s.dim(0) + " features" : s.toString();
  }

  /**
   * Checks that the input is an image {@code [C, H, W]} with {@code channels} channels (any if
   * negative) and returns it.
   */
  static Shape requireImage(
      String node, String what, List<String> predecessors, Shape in, int channels) {
    if (in.rank() != 3) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) expects images [C, H, W] but `%s` gives %s; feed it from an"
                  + " Input with a [C, H, W] shape or a convolutional node%s",
              node,
              what,
              predecessors.get(0),
              in,
              in.rank() == 1 ? " (its input is a vector: was a Flatten placed too early?)" : ""),
          List.of(node, predecessors.get(0)));
    }
    if (channels >= 0 && in.dim(0) != channels) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) expects %d input channels but `%s` gives %s (%d channels); make `%s`"
                  + " output %d channels or declare the node with in=%d",
              node,
              what,
              channels,
              predecessors.get(0),
              in,
              in.dim(0),
              predecessors.get(0),
              channels,
              in.dim(0)),
          List.of(node, predecessors.get(0)));
    }
    return in;
  }
}
