package dev.tributary.graph.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One operator's fields as its graph file writes them ({@code {"type": "Conv2d", "kernel": 3,
 * ...}}), so a mapping reads an operator's settings by the names of its constructor arguments
 * without depending on the operator's class.
 */
final class Fields {
  private final String node;
  private final JsonNode fields;

  Fields(String node, JsonNode fields) {
    this.node = node;
    this.fields = fields;
  }

  /** Returns the operator's type. */
  String type() {
    return fields.path("type").asText();
  }

  /**
   * Returns a required integer field.
   *
   * @throws IllegalArgumentException if the field is missing or not an integer
   */
  int integer(String name) {
    JsonNode v = fields.get(name);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalArgumentException(
          String.format(
              "ONNX export: node `%s` (%s) has no integer field `%s` in its graph spec %s",
              node, type(), name, fields));
    }
    return v.intValue();
  }

  /** Returns an integer field, or {@code fallback} when it is absent. */
  int integer(String name, int fallback) {
    return fields.has(name) ? integer(name) : fallback;
  }

  /** Returns a number field, or {@code fallback} when it is absent. */
  float number(String name, float fallback) {
    JsonNode v = fields.get(name);
    return v != null && v.isNumber() ? v.floatValue() : fallback;
  }

  /** Returns a text field, if present. */
  Optional<String> text(String name) {
    JsonNode v = fields.get(name);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** Returns an integer-array field (e.g. an Input's {@code shape}), if present. */
  Optional<int[]> integers(String name) {
    JsonNode v = fields.get(name);
    if (v == null || !v.isArray()) {
      return Optional.empty();
    }
    int[] values = new int[v.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = v.get(i).intValue();
    }
    return Optional.of(values);
  }
}
