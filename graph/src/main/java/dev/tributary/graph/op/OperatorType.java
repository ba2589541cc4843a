package dev.tributary.graph.op;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registration of one operator type: its name in graph files, its fields and a factory. The
 * graph-file reader checks a file's fields against {@link #fields()} and calls {@link #create}; the
 * writer writes {@link Operator#fields()}; model files and {@code describe} go through the same
 * registration, so a new operator is one class plus one {@link Operators#register} call.
 */
public final class OperatorType {
  private final String name;
  private final ImmutableList<Field> fields;
  private final Function<Fields, ? extends Operator> factory;

  private OperatorType(String name, List<Field> fields, Function<Fields, ? extends Operator> f) {
    this.name = name;
    this.fields = ImmutableList.copyOf(fields);
    this.factory = f;
  }

  /**
   * Declares a type.
   *
   * @param name the {@code "type"} written in graph files; must equal the operator's {@link
   *     Operator#type()}
   * @param factory builds the operator from checked fields; it may throw {@link
   *     IllegalArgumentException} for combinations the fields alone cannot check
   * @param fields the fields, in the order files write them
   * @throws IllegalArgumentException if the name is blank or a field is named {@code type} or
   *     {@code shares}
   */
  public static OperatorType of(
      String name, Function<Fields, ? extends Operator> factory, Field... fields) {
    if (name == null || name.isBlank() || factory == null) {
      throw new IllegalArgumentException("an operator type needs a name and a factory");
    }
    for (Field f : fields) {
      if (f.name().equals("type") || f.name().equals("shares")) {
        throw new IllegalArgumentException(
            name + ": \"" + f.name() + "\" is reserved by graph files; name the field otherwise");
      }
    }
    return new OperatorType(name, List.of(fields), factory);
  }

  /** Returns the type's name in graph files. */
  public String name() {
    return name;
  }

  /** Returns the fields, in file order. */
  public List<Field> fields() {
    return fields;
  }

  /** Returns the field of that name, if the type has one. */
  public Optional<Field> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  /**
   * Builds an operator from checked fields.
   *
   * @throws IllegalArgumentException if the fields do not make a valid operator
   */
  public Operator create(Fields values) {
    return factory.apply(values);
  }

  @Override
  public String toString() {
    return name;
  }
}
