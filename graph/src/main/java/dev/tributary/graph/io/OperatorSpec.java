package dev.tributary.graph.io;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Init;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a graph file's {@code operators} section: an operator type and its fields, as data.
 *
 * <p>The types and their fields are:
 *
 * <ul>
 *   <li>{@code Input}: {@code size};
 *   <li>{@code Linear}: {@code in}, {@code out}, optional {@code init} (default {@code
 *       XAVIER_UNIFORM}) and optional {@code shares} (the node whose weight and bias it uses);
 *   <li>{@code ReLU}, {@code Tanh}, {@code Sigmoid}, {@code Sum}, {@code Concat}: no fields.
 * </ul>
 *
 * <p>Instances are immutable and compare by value. A sharing {@code Linear} carries the sizes and
 * initialiser of the layer it shares, so {@link #in()}, {@link #out()} and {@link #init()} are
 * always filled for a {@code Linear}.
 */
public final class OperatorSpec {
  /** The operator types a graph file can hold, in the order the documentation lists them. */
  public static final List<String> TYPES =
      ImmutableList.of("Input", "Linear", "ReLU", "Tanh", "Sigmoid", "Sum", "Concat");

  private final String type;
  private final int size;
  private final int in;
  private final int out;
  private final Init init;
  private final String shares;

  private OperatorSpec(String type, int size, int in, int out, Init init, String shares) {
    this.type = type;
    this.size = size;
    this.in = in;
    this.out = out;
    this.init = init;
    this.shares = shares;
  }

  static OperatorSpec input(int size) {
    return new OperatorSpec("Input", size, 0, 0, null, null);
  }

  static OperatorSpec linear(int in, int out, Init init, String shares) {
    return new OperatorSpec("Linear", 0, in, out, init, shares);
  }

  /** An operator without fields: ReLU, Tanh, Sigmoid, Sum or Concat. */
  static OperatorSpec plain(String type) {
    return new OperatorSpec(type, 0, 0, 0, null, null);
  }

  /** Returns the operator type, one of {@link #TYPES}. */
  public String type() {
    return type;
  }

  /** Returns an {@code Input}'s number of features, or 0 for other types. */
  public int size() {
    return size;
  }

  /** Returns a {@code Linear}'s number of input features, or 0 for other types. */
  public int in() {
    return in;
  }

  /** Returns a {@code Linear}'s number of output features, or 0 for other types. */
  public int out() {
    return out;
  }

  /** Returns a {@code Linear}'s weight initialiser, or empty for other types. */
  public Optional<Init> init() {
    return Optional.ofNullable(init);
  }

  /** Returns the node whose parameters a sharing {@code Linear} uses, or empty. */
  public Optional<String> shares() {
    return Optional.ofNullable(shares);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatorSpec that
        && type.equals(that.type)
        && size == that.size
        && in == that.in
        && out == that.out
        && init == that.init
        && Objects.equals(shares, that.shares);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, size, in, out, init, shares);
  }

  @Override
  public String toString() {
    return SpecWriter.operator(this);
  }
}
