package dev.tributary.graph.io;

import dev.tributary.core.Init;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.Operators;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a graph file's {@code operators} section: an operator type and its fields, as data.
 *
 * <p>The fields are those of the type's registration ({@link dev.tributary.graph.op.OperatorType},
 * listed in {@code docs/graph-format.md}), in canonical form: the values the operator itself
 * reports ({@link Operator#fields()}), with defaults left out. A sharing operator carries the
 * fields of the operator it shares and the name of its node in {@link #shares()}.
 *
 * <p>Instances are immutable and compare by value.
 */
public final class OperatorSpec {
  /**
   * The built-in operator types, in the order the documentation lists them.
   *
   * @deprecated use {@link Operators#names()}, which also lists registered user types
   */
  @Deprecated public static final List<String> TYPES = List.copyOf(Operators.names());

  private final String type;
  private final Map<String, Object> fields;
  private final String shares;

  OperatorSpec(String type, Map<String, Object> fields, String shares) {
    this.type = type;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.shares = shares;
  }

  /** Describes an operator (and, for a sharing one, the node it shares). */
  static OperatorSpec of(Operator op, String shares) {
    return new OperatorSpec(op.type(), op.fields(), shares);
  }

  /** Returns the operator type, e.g. {@code "Conv2d"}. */
  public String type() {
    return type;
  }

  /**
   * Returns the fields a file stores, by name in file order (values: {@code Integer}, {@code
   * Float}, {@code int[]}, {@code List<String>}, an enum); defaults are left out.
   */
  public Map<String, Object> fields() {
    return fields;
  }

  /** Returns an integer field, or 0 when the spec has none of that name. */
  public int intField(String name) {
    return fields.get(name) instanceof Integer i ? i : 0;
  }

  /** Returns an {@code Input}'s number of features, or 0 for other types. */
  public int size() {
    if (fields.get("shape") instanceof int[] shape) {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
    return intField("size");
  }

  /** Returns a {@code Linear}'s number of input features, or 0 for other types. */
  public int in() {
    return intField("in");
  }

  /** Returns a {@code Linear}'s number of output features, or 0 for other types. */
  public int out() {
    return intField("out");
  }

  /** Returns a {@code Linear}'s weight initialiser (its default when the file omits it). */
  public Optional<Init> init() {
    if (fields.get("init") instanceof Init init) {
      return Optional.of(init);
    }
    return type.equals("Linear") ? Optional.of(Init.XAVIER_UNIFORM) : Optional.empty();
  }

  /** Returns the node whose parameters a sharing operator uses, or empty. */
  public Optional<String> shares() {
    return Optional.ofNullable(shares);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OperatorSpec that)
        || !type.equals(that.type)
        || !Objects.equals(shares, that.shares)
        || !fields.keySet().equals(that.fields.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!Objects.deepEquals(e.getValue(), that.fields.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, shares, fields.keySet());
  }

  @Override
  public String toString() {
    return SpecWriter.operator(this);
  }
}
