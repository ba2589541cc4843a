package dev.tributary.graph.io;

import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.core.Init;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.op.Field;
import dev.tributary.graph.op.Fields;
import dev.tributary.graph.op.Layer;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.OperatorType;
import dev.tributary.graph.op.Operators;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the raw entries of a graph file's {@code operators} section into {@link OperatorSpec}s
 * through each type's registration ({@link OperatorType}): the type must be registered, every field
 * known and of its kind, the required ones present; then the registered factory builds the operator
 * (which checks what the fields alone cannot) and the spec takes the operator's canonical fields.
 * {@code "shares"} is resolved last, through chains, rejecting dangling names, other types and
 * cycles.
 */
final class OperatorReader {
  /** Makes the located error for a value, naming the node. */
  @FunctionalInterface
  interface Errors {
    GraphException error(Located at, String node, String problem);
  }

  /** One operator as the file gives it: where its name is, and its fields. */
  record Raw(Located name, Map<String, Located> fields) {}

  private final Errors errors;
  private final Map<String, Raw> raw;
  private final Map<String, Operator> built = new LinkedHashMap<>();

  private OperatorReader(Map<String, Raw> raw, Errors errors) {
    this.raw = raw;
    this.errors = errors;
  }

  /** Reads every operator, in file order. */
  static Map<String, OperatorSpec> read(Map<String, Raw> raw, Errors errors) {
    return new OperatorReader(raw, errors).readAll();
  }

  private Map<String, OperatorSpec> readAll() {
    Map<String, OperatorType> types = new LinkedHashMap<>();
    raw.forEach((name, op) -> types.put(name, type(name, op)));
    for (Map.Entry<String, Raw> e : raw.entrySet()) {
      String name = e.getKey();
      if (!e.getValue().fields().containsKey("shares")) {
        Map<String, Object> values = values(name, types.get(name), e.getValue(), true);
        built.put(name, create(name, types.get(name), values, e.getValue().name()));
      }
    }
    Map<String, OperatorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, Raw> e : raw.entrySet()) {
      String name = e.getKey();
      Located shares = e.getValue().fields().get("shares");
      if (shares == null) {
        specs.put(name, OperatorSpec.of(built.get(name), null));
      } else {
        Operator owner = resolveSharing(name, types.get(name), shares);
        specs.put(name, OperatorSpec.of(owner, shares.text));
      }
    }
    return specs;
  }

  /** Checks the type field and the field names; returns the registered type. */
  private OperatorType type(String name, Raw op) {
    Located typeField = op.fields().get("type");
    String types = String.join(", ", Operators.names());
    if (typeField == null) {
      throw errors.error(
          op.name(),
          name,
          "missing field \"type\"; add e.g. \"type\": \"ReLU\" (the types are " + types + ")");
    }
    if (typeField.token != JsonToken.VALUE_STRING) {
      throw errors.error(
          typeField,
          name,
          "expected an operator type (a string), got " + Located.describe(typeField));
    }
    Optional<OperatorType> type = Operators.type(typeField.text);
    if (type.isEmpty()) {
      String hint =
          Operators.names().stream()
              .filter(typeField.text::equalsIgnoreCase)
              .findFirst()
              .map(t -> "did you mean \"" + t + "\"? ")
              .orElse("");
      throw errors.error(
          typeField,
          name,
          "unknown operator type "
              + Located.describe(typeField)
              + "; "
              + hint
              + "the types are "
              + types);
    }
    List<String> allowed = new ArrayList<>(List.of("type"));
    type.get().fields().forEach(f -> allowed.add(f.name()));
    allowed.add("shares");
    for (Map.Entry<String, Located> f : op.fields().entrySet()) {
      if (!allowed.contains(f.getKey())) {
        throw errors.error(
            f.getValue(),
            name,
            "unknown field \""
                + f.getKey()
                + "\" for "
                + type.get().name()
                + "; its fields are "
                + String.join(", ", allowed));
      }
    }
    return type.get();
  }

  /** Parses the declared fields; with {@code requireAll}, rejects a missing required one. */
  private Map<String, Object> values(String name, OperatorType type, Raw op, boolean requireAll) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : type.fields()) {
      Located v = op.fields().get(field.name());
      if (v != null) {
        values.put(field.name(), parse(v, field, name));
      } else if (requireAll && field.required()) {
        throw errors.error(
            op.name(),
            name,
            "missing field \"" + field.name() + "\" (" + field.kind().description() + ")");
      }
    }
    return values;
  }

  private Operator create(String name, OperatorType type, Map<String, Object> values, Located at) {
    try {
      return type.create(new Fields(type.name(), withDefaults(type, values)));
    } catch (IllegalArgumentException e) {
      throw errors.error(at, name, e.getMessage());
    }
  }

  /** Returns the values with every unset field that has a default filled in. */
  static Map<String, Object> withDefaults(OperatorType type, Map<String, Object> values) {
    Map<String, Object> all = new LinkedHashMap<>(values);
    for (Field f : type.fields()) {
      if (!all.containsKey(f.name()) && f.defaultValue() != null) {
        all.put(f.name(), f.defaultValue());
      }
    }
    return all;
  }

  /** Follows {@code shares} to the owner, checks the sharer's own fields, returns the owner. */
  private Operator resolveSharing(String name, OperatorType type, Located shares) {
    if (shares.token != JsonToken.VALUE_STRING) {
      throw errors.error(
          shares,
          name,
          "expected the name of the " + type.name() + " to share, got " + Located.describe(shares));
    }
    List<String> chain = new ArrayList<>(List.of(name));
    String current = name;
    Located link = shares;
    while (link != null) {
      String target = link.text;
      Raw targetOp = raw.get(target);
      if (targetOp == null) {
        throw errors.error(
            link,
            current,
            "no node named \""
                + target
                + "\" to share; name the "
                + type.name()
                + " whose parameters this node uses");
      }
      Located targetType = targetOp.fields().get("type");
      if (!type.name().equals(targetType.text)) {
        throw errors.error(
            link,
            current,
            "\""
                + target
                + "\" is a "
                + targetType.text
                + ", not a "
                + type.name()
                + "; a "
                + type.name()
                + " can share only another "
                + type.name()
                + "'s parameters");
      }
      if (chain.contains(target)) {
        chain.add(target);
        throw errors.error(
            link,
            current,
            "the layers share in a cycle ("
                + String.join(" -> ", chain)
                + "); one of them must own its parameters, so remove its \"shares\"");
      }
      chain.add(target);
      current = target;
      Located next = targetOp.fields().get("shares");
      if (next != null && next.token != JsonToken.VALUE_STRING) {
        throw errors.error(
            next,
            target,
            "expected the name of the " + type.name() + " to share, got " + Located.describe(next));
      }
      link = next;
    }
    Operator owner = built.get(current);
    if (!(owner instanceof Layer<?>) || owner.parameterSpecs().isEmpty()) {
      throw errors.error(
          shares, name, "a " + type.name() + " has no parameters to share; remove \"shares\"");
    }
    checkSameFields(name, type, current, owner);
    return owner;
  }

  /** Rejects a field the sharer declares with another value than its owner's. */
  private void checkSameFields(String name, OperatorType type, String ownerName, Operator owner) {
    Map<String, Object> mine = values(name, type, raw.get(name), false);
    Map<String, Object> theirs = withDefaults(type, owner.fields());
    for (Map.Entry<String, Object> e : mine.entrySet()) {
      Object other = theirs.get(e.getKey());
      if (!Objects.deepEquals(e.getValue(), other)) {
        String field = e.getKey();
        Located at = raw.get(name).fields().get(field);
        String problem =
            e.getValue() instanceof Init
                ? String.format(
                    "is %s, but the shared layer \"%s\" is initialised with %s; omit %s on a"
                        + " sharing layer",
                    show(e.getValue()), ownerName, show(other), field)
                : String.format(
                    "is %s, but the shared layer \"%s\" has %s %s; omit %s or make it %s",
                    show(e.getValue()), ownerName, field, show(other), field, show(other));
        throw errors.error(at, name, problem);
      }
    }
  }

  private static String show(Object v) {
    if (v instanceof int[] ints) {
      return java.util.Arrays.toString(ints);
    }
    return String.valueOf(v);
  }

  // ---- values -----------------------------------------------------------------------------------

  private Object parse(Located v, Field field, String node) {
    return switch (field.kind()) {
      case POSITIVE_INT -> integer(v, node, 1, field.kind());
      case NON_NEGATIVE_INT -> integer(v, node, 0, field.kind());
      case SHAPE -> shape(v, node, field.kind());
      case PROBABILITY, POSITIVE_NUMBER, NON_NEGATIVE_NUMBER -> number(v, node, field.kind());
      case INIT -> init(v, node);
      case NAMES -> names(v, node, field.kind());
    };
  }

  private int integer(Located f, String node, int min, Field.Kind kind) {
    if (f.token == JsonToken.VALUE_NUMBER_INT) {
      BigInteger v = new BigInteger(f.text);
      if (v.signum() >= 0 && v.bitLength() < 32 && v.intValue() >= min) {
        return v.intValue();
      }
    }
    throw errors.error(f, node, "expected " + kind.description() + ", got " + Located.describe(f));
  }

  private int[] shape(Located f, String node, Field.Kind kind) {
    if (f.token != JsonToken.START_ARRAY || f.elements.isEmpty()) {
      throw errors.error(
          f, node, "expected " + kind.description() + ", got " + Located.describe(f));
    }
    int[] dims = new int[f.elements.size()];
    long size = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = integer(f.elements.get(i), node, 1, Field.Kind.POSITIVE_INT);
      size *= dims[i];
      if (size > Integer.MAX_VALUE - 8) {
        throw errors.error(f, node, "the shape holds more elements than one array can");
      }
    }
    return dims;
  }

  private Float number(Located f, String node, Field.Kind kind) {
    if (f.token == JsonToken.VALUE_NUMBER_INT || f.token == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = Double.parseDouble(f.text);
      boolean ok =
          switch (kind) {
            case PROBABILITY -> d >= 0 && d < 1;
            case POSITIVE_NUMBER -> d > 0 && d <= Float.MAX_VALUE;
            default -> d >= 0 && d <= Float.MAX_VALUE;
          };
      if (ok) {
        return (float) d;
      }
    }
    throw errors.error(f, node, "expected " + kind.description() + ", got " + Located.describe(f));
  }

  private Init init(Located f, String node) {
    if (f.token == JsonToken.VALUE_STRING) {
      for (Init init : Init.values()) {
        if (init.name().equals(f.text)) {
          return init;
        }
      }
    }
    StringBuilder names = new StringBuilder();
    for (Init init : Init.values()) {
      names.append(names.length() == 0 ? "" : ", ").append(init.name());
    }
    throw errors.error(
        f, node, "unknown initialiser " + Located.describe(f) + "; use one of " + names);
  }

  private List<String> names(Located f, String node, Field.Kind kind) {
    if (f.token != JsonToken.START_ARRAY || f.elements.isEmpty()) {
      throw errors.error(
          f, node, "expected " + kind.description() + ", got " + Located.describe(f));
    }
    List<String> names = new ArrayList<>();
    for (Located e : f.elements) {
      if (e.token != JsonToken.VALUE_STRING || e.text.isBlank()) {
        throw errors.error(
            e, node, "expected a node name (a non-blank string), got " + Located.describe(e));
      }
      names.add(e.text);
    }
    return names;
  }
}
