package dev.tributary.graph.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tributary.core.Init;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GraphSpec} as JSON in one stable layout: the two sections in a fixed order, one
 * line per operator and per connectivity entry, keys in the maps' order, and fields in a fixed
 * order ({@code type}, {@code size}, {@code in}, {@code out}, {@code init}, {@code shares}). The
 * default initialiser is left out, so a file written back equals the file that was read when that
 * file used this layout.
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
      sb.append("\n    ").append(quote(e.getKey())).append(": [");
      List<String> targets = e.getValue();
      for (int i = 0; i < targets.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(quote(targets.get(i)));
      }
      sb.append(']').append(edges.hasNext() ? "," : "\n  ");
    }
    return sb.append("}\n}\n").toString();
  }

  /** Returns one operator as a one-line JSON object. */
  static String operator(OperatorSpec op) {
    StringBuilder sb = new StringBuilder("{\"type\": ").append(quote(op.type()));
    if (op.type().equals("Input")) {
      sb.append(", \"size\": ").append(op.size());
    } else if (op.type().equals("Linear")) {
      sb.append(", \"in\": ").append(op.in()).append(", \"out\": ").append(op.out());
      if (op.shares().isPresent()) {
        sb.append(", \"shares\": ").append(quote(op.shares().get()));
      } else if (op.init().orElse(Init.XAVIER_UNIFORM) != Init.XAVIER_UNIFORM) {
        sb.append(", \"init\": ").append(quote(op.init().get().name()));
      }
    }
    return sb.append('}').toString();
  }

  /** Returns {@code s} as a JSON string literal, escaped as JSON requires. */
  static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
