package dev.tributary.graph;

import dev.tributary.graph.op.Operator;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/** Human-readable views of a network: the {@link Network#describe()} table and DOT export. */
final class Description {
  private Description() {}

  static String table(Network net, Topology t) {
    String[] header = {"#", "node", "operator", "output", "params", "inputs", "feeds"};
    String[][] rows = new String[t.ops.length][];
    for (int i = 0; i < t.ops.length; i++) {
      String name = t.schedule.get(i);
      long params = 0;
      for (Operator.ParameterSpec spec : t.ops[i].parameterSpecs()) {
        int size = 1;
        for (int d : spec.shape()) {
          size *= d;
        }
        params += size;
      }
      String paramText =
          t.paramOwner[i] != i
              ? "shared:" + t.schedule.get(t.paramOwner[i])
              : Long.toString(params);
      rows[i] =
          new String[] {
            Integer.toString(i + 1),
            name,
            t.ops[i].describe(),
            t.shapes[i].batched(),
            paramText,
            String.join(", ", t.names(t.preds[i])),
            String.join(", ", t.names(t.succs[i]))
          };
    }
    int[] w = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      w[c] = header[c].length();
      for (String[] row : rows) {
        w[c] = Math.max(w[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, header, w);
    int total = 0;
    for (int width : w) {
      total += width + 2;
    }
    sb.append("-".repeat(total - 2)).append('\n');
    for (String[] row : rows) {
      appendRow(sb, row, w);
    }
    sb.append(
        String.format(
            "%d nodes, %d inputs %s, %d outputs %s, %d parameters in %d tensors%n",
            t.ops.length,
            t.inputs.size(),
            t.inputs,
            t.outputs.size(),
            t.outputs,
            net.parameterCount(),
            net.parameters().size()));
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      sb.append(cells[c]);
      if (c < cells.length - 1) {
        sb.append(" ".repeat(widths[c] - cells[c].length() + 2));
      }
    }
    sb.append('\n');
  }

  static String dot(Topology t) {
    DOTExporter<String, org.jgrapht.graph.DefaultEdge> exporter =
        new DOTExporter<>(Description::id);
    exporter.setGraphIdProvider(() -> "network");
    exporter.setVertexAttributeProvider(
        v -> {
          int i = t.indexOf(v);
          Map<String, Attribute> attrs = new LinkedHashMap<>();
          attrs.put(
              "label",
              DefaultAttribute.createAttribute(
                  v + "\\n" + t.ops[i].describe() + "\\n" + t.shapes[i].batched()));
          attrs.put(
              "shape", DefaultAttribute.createAttribute(t.preds[i].length == 0 ? "oval" : "box"));
          return attrs;
        });
    exporter.setGraphAttributeProvider(
        () -> Map.of("rankdir", DefaultAttribute.createAttribute("TB")));
    StringWriter out = new StringWriter();
    exporter.exportGraph(t.graph, out);
    return out.toString();
  }

  /** A DOT identifier for a node name: quoted, with quotes and backslashes escaped. */
  private static String id(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
