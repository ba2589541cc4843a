package dev.tributary.graph.op;

import dev.tributary.graph.Shape;
import java.util.List;
import java.util.Map;

/**
 * A graph input, fed by name through {@link dev.tributary.graph.Network#forward(java.util.Map)}:
 * {@code new Input(2)} takes 2 features per sample, {@code new Input(2, 14, 14)} two 14×14 image
 * channels. It has no predecessors and no computation: the network copies the given tensor into the
 * node's output buffer.
 *
 * <p>Graph files: {@code {"type": "Input", "size": 2}} or {@code {"type": "Input", "shape": [2, 14,
 * 14]}}.
 */
public final class Input extends Operator {
  /** The graph-file registration: {@code size} or {@code shape}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Input",
          Input::fromFields,
          Field.optional("size", Field.Kind.POSITIVE_INT, null),
          Field.optional("shape", Field.Kind.SHAPE, null));

  private final Shape shape;

  /**
   * Declares an input of {@code size} features per sample.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public Input(int size) {
    this(new int[] {size});
  }

  /**
   * Declares an input whose samples have the given shape: one number for a vector of features,
   * {@code channels, height, width} for images.
   *
   * @throws IllegalArgumentException if no dimension is given or a dimension is not positive
   */
  public Input(int... shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(
          "Input needs a shape: new Input(2) for 2 features, new Input(1, 28, 28) for images");
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "Input size must be positive, got " + java.util.Arrays.toString(shape));
      }
    }
    this.shape = Shape.of(shape);
  }

  private static Input fromFields(Fields f) {
    if (!f.has("size") && !f.has("shape")) {
      throw new IllegalArgumentException(
          "missing field \"size\" (a positive integer), or \"shape\" for images, e.g. [1, 28, 28]");
    }
    if (f.has("size") && f.has("shape")) {
      throw new IllegalArgumentException(
          "an Input takes \"size\" (features) or \"shape\" (e.g. [1, 28, 28]), not both");
    }
    return f.has("size") ? new Input(f.getInt("size")) : new Input(f.getShape("shape"));
  }

  /** Returns the number of values per sample (the product of the shape). */
  public int size() {
    return shape.size();
  }

  /** Returns the per-sample shape. */
  public Shape shape() {
    return shape;
  }

  @Override
  public String type() {
    return "Input";
  }

  @Override
  public Arity arity() {
    return Arity.NONE;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return shape;
  }

  @Override
  public void forward(OpContext ctx) {
    // The network fills the output buffer from the user's tensor.
  }

  @Override
  public void backward(OpContext ctx) {
    // Nothing upstream.
  }

  @Override
  public Map<String, Object> fields() {
    return shape.rank() == 1 ? Map.of("size", shape.dim(0)) : Map.of("shape", shape.dims());
  }

  @Override
  public String describe() {
    return "Input " + (shape.rank() == 1 ? Integer.toString(shape.dim(0)) : shape.product());
  }
}
