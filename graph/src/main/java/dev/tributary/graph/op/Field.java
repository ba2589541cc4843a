package dev.tributary.graph.op;

/**
 * One field of an operator in a graph file: its name, its kind of value and its default ({@code
 * null} when the field is required or the operator works the default out itself).
 *
 * @param name the JSON key, named as the constructor's argument (e.g. {@code "in"})
 * @param kind what values it takes
 * @param defaultValue the value when the field is left out, or {@code null}
 * @param required whether a graph file must give it
 */
public record Field(String name, Kind kind, Object defaultValue, boolean required) {

  /** The kinds of field values, each checked by the graph-file reader. */
  public enum Kind {
    /** An integer ≥ 1 ({@code Integer}). */
    POSITIVE_INT("a positive integer"),
    /** An integer ≥ 0 ({@code Integer}). */
    NON_NEGATIVE_INT("an integer ≥ 0"),
    /** A list of positive integers, e.g. {@code [2, 14, 14]} ({@code int[]}). */
    SHAPE("a list of positive integers like [1, 28, 28]"),
    /** A number in [0, 1) ({@code Float}). */
    PROBABILITY("a number in [0, 1)"),
    /** A finite number > 0 ({@code Float}). */
    POSITIVE_NUMBER("a number > 0"),
    /** A finite number ≥ 0 ({@code Float}). */
    NON_NEGATIVE_NUMBER("a number ≥ 0"),
    /** The name of a {@link dev.tributary.core.Init} ({@code Init}). */
    INIT("an initialiser name"),
    /** A list of node names ({@code List<String>}). */
    NAMES("a list of node names like [\"a\", \"b\"]");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /** Returns what a value of this kind looks like, for messages. */
    public String description() {
      return description;
    }
  }

  /** A field a graph file must give. */
  public static Field required(String name, Kind kind) {
    return new Field(name, kind, null, true);
  }

  /** A field that may be left out; {@code defaultValue} may be null. */
  public static Field optional(String name, Kind kind, Object defaultValue) {
    return new Field(name, kind, defaultValue, false);
  }
}
