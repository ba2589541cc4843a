package dev.tributary.graph.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GraphSpec} as JSON in one stable layout: the two sections in a fixed order, one
 * line per operator and per connectivity entry, keys in the maps' order, and each operator's fields
 * in its registration's order after {@code type}, with {@code shares} last. Defaults are left out,
 * so a file written back equals the file that was read when that file used this layout.
 */
final class SpecWriter {
  private SpecWriter() {}

  static String json(GraphSpec spec) {
    StringBuilder sb = new StringBuilder(64 * (spec.operators().size() + 4));
    sb.append("{\n  \"operators\": {");
    Iterator<Map.Entry<String, OperatorSpec>> ops = spec.operators().entrySet().iterator();
    while (ops.hasNext()) {
      Map.Entry<String, OperatorSpec> e = ops.next();
      sb.append("\n    ").append(quote(e.getKey())).append(": ").append(operator(e.getValue()));
      sb.append(ops.hasNext() ? "," : "\n  ");
    }
    sb.append("},\n  \"connectivity\": {");
    Iterator<Map.Entry<String, List<String>>> edges = spec.connectivity().entrySet().iterator();
    while (edges.hasNext()) {
      Map.Entry<String, List<String>> e = edges.next();
      sb.append("\n    ").append(quote(e.getKey())).append(": ");
      value(sb, e.getValue());
      sb.append(edges.hasNext() ? "," : "\n  ");
    }
    sb.append('}');
    spec.training()
        .ifPresent(t -> sb.append(",\n  \"training\": ").append(training(t).replace("\n", "\n  ")));
    return sb.append("\n}\n").toString();
  }

  /** Returns a training section as a JSON object, one line per output and per setting. */
  static String training(TrainingSpec t) {
    StringBuilder sb = new StringBuilder("{");
    String sep = "\n  ";
    if (!t.outputs().isEmpty()) {
      sb.append(sep).append("\"outputs\": {");
      for (int i = 0; i < t.outputs().size(); i++) {
        TrainingSpec.OutputLoss o = t.outputs().get(i);
        sb.append(i == 0 ? "\n    " : ",\n    ").append(quote(o.output())).append(": {\"loss\": ");
        sb.append(quote(o.loss()));
        if (!o.target().equals(o.output())) {
          sb.append(", \"target\": ").append(quote(o.target()));
        }
        sb.append(", \"weight\": ");
        value(sb, o.weight());
        sb.append('}');
      }
      sb.append("\n  }");
      sep = ",\n  ";
    }
    if (t.optimizer().isPresent()) {
      sb.append(sep).append("\"optimizer\": {\"name\": ").append(quote(t.optimizer().get()));
      t.learningRate().ifPresent(v -> value(sb.append(", \"lr\": "), v));
      t.momentum().ifPresent(v -> value(sb.append(", \"momentum\": "), v));
      if (t.beta1().isPresent()) {
        value(sb.append(", \"betas\": ["), t.beta1().get());
        value(sb.append(", "), t.beta2().orElseThrow());
        sb.append(']');
      }
      t.weightDecay().ifPresent(v -> value(sb.append(", \"weight_decay\": "), v));
      sb.append('}');
      sep = ",\n  ";
    }
    if (t.schedule().isPresent()) {
      sb.append(sep).append("\"schedule\": ").append(quote(t.schedule().get()));
      sep = ",\n  ";
    }
    if (t.epochs().isPresent()) {
      sb.append(sep).append("\"epochs\": ").append(t.epochs().get());
      sep = ",\n  ";
    }
    if (t.batch().isPresent()) {
      sb.append(sep).append("\"batch\": ").append(t.batch().get());
    }
    return sb.append(sep.equals("\n  ") ? "}" : "\n}").toString();
  }

  /** Returns one operator as a one-line JSON object. */
  static String operator(OperatorSpec op) {
    StringBuilder sb = new StringBuilder("{\"type\": ").append(quote(op.type()));
    for (Map.Entry<String, Object> f : op.fields().entrySet()) {
      sb.append(", ").append(quote(f.getKey())).append(": ");
      value(sb, f.getValue());
    }
    if (op.shares().isPresent()) {
      sb.append(", \"shares\": ").append(quote(op.shares().get()));
    }
    return sb.append('}').toString();
  }

  private static void value(StringBuilder sb, Object v) {
    if (v instanceof int[] ints) {
      sb.append('[');
      for (int i = 0; i < ints.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(ints[i]);
      }
      sb.append(']');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        value(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof String s) {
      sb.append(quote(s));
    } else if (v instanceof Enum<?> e) {
      sb.append(quote(e.name()));
    } else if (v instanceof Float f) {
      sb.append(
          f.floatValue() == (int) f.floatValue()
              ? Integer.toString((int) f.floatValue())
              : Float.toString(f));
    } else {
      sb.append(v);
    }
  }

  /** Returns {@code s} as a JSON string literal, escaped as JSON requires. */
  static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
