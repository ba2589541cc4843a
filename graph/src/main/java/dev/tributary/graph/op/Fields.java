package dev.tributary.graph.op;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Init;
import java.util.List;
import java.util.Map;

/**
 * The checked field values of one operator, as an {@link OperatorType}'s factory receives them: a
 * graph file's fields already parsed to their {@link Field.Kind}, with defaults filled in for the
 * fields left out.
 */
public final class Fields {
  private final String type;
  private final ImmutableMap<String, Object> values;

  /**
   * Wraps checked values.
   *
   * @param type the operator type, for messages
   * @param values field name → value ({@code Integer}, {@code Float}, {@code int[]}, {@code Init},
   *     {@code List<String>})
   */
  public Fields(String type, Map<String, Object> values) {
    this.type = type;
    this.values = ImmutableMap.copyOf(values);
  }

  /** Returns whether the field has a value. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Returns an integer field. */
  public int getInt(String name) {
    return (Integer) require(name);
  }

  /** Returns an integer field, or {@code fallback} if it has no value. */
  public int getInt(String name, int fallback) {
    return has(name) ? getInt(name) : fallback;
  }

  /** Returns a number field. */
  public float getFloat(String name) {
    return ((Number) require(name)).floatValue();
  }

  /** Returns a list-of-integers field (a copy). */
  public int[] getShape(String name) {
    return ((int[]) require(name)).clone();
  }

  /** Returns an initialiser field. */
  public Init getInit(String name) {
    return (Init) require(name);
  }

  /** Returns a list-of-names field. */
  @SuppressWarnings("unchecked")
  public List<String> getNames(String name) {
    return List.copyOf((List<String>) require(name));
  }

  /** Returns the values, by name. */
  public Map<String, Object> values() {
    return values;
  }

  private Object require(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(type + " needs the field \"" + name + "\"");
    }
    return v;
  }
}
