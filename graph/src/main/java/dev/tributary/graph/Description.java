package dev.tributary.graph;

import dev.tributary.graph.op.Operator;
import org.jgrapht.graph.DefaultEdge;

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

  /**
   * Writes the graph in Graphviz DOT: nodes in the operators map's order, each labelled with its
   * name, operator and output shape (inputs as ovals, the rest as boxes), then the edges in
   * connectivity order. The format is that of JGraphT's {@code DOTExporter}, which wrote it before
   * this small writer replaced the jgrapht-io dependency.
   */
  static String dot(Topology t) {
    StringBuilder sb = new StringBuilder(64 * (t.ops.length + 4));
    sb.append("strict digraph network {\n  rankdir=TB;\n");
    for (String v : t.graph.vertexSet()) {
      int i = t.indexOf(v);
      sb.append("  ")
          .append(id(v))
          .append(" [ label=\"")
          .append(escape(v))
          .append("\\n")
          .append(escape(t.ops[i].describe()))
          .append("\\n")
          .append(t.shapes[i].batched())
          .append("\" shape=\"")
          .append(t.preds[i].length == 0 ? "oval" : "box")
          .append("\" ];\n");
    }
    for (DefaultEdge e : t.graph.edgeSet()) {
      sb.append("  ")
          .append(id(t.graph.getEdgeSource(e)))
          .append(" -> ")
          .append(id(t.graph.getEdgeTarget(e)))
          .append(";\n");
    }
    return sb.append("}\n").toString();
  }

  /** A DOT identifier for a node name: quoted, with quotes and backslashes escaped. */
  private static String id(String name) {
    return "\"" + escape(name) + "\"";
  }

  /** Escapes backslashes and quotes for a DOT quoted string. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
