package dev.tributary.graph.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.tributary.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a mapping sees of one network node while the exporter writes it: the node's name and graph
 * file fields, the ONNX names of its inputs (the predecessors' outputs, in input order) and of the
 * output it must produce (the node's name), and calls that add ONNX nodes, parameters and constants
 * to the graph.
 */
final class NodeContext {
  private final GraphProto.Builder graph;
  private final Map<String, Tensor> tensors;
  private final Set<String> names;
  private final Set<String> initializers;
  private final String node;
  private final Fields fields;
  private final List<String> inputs;
  private int added;

  NodeContext(
      GraphProto.Builder graph,
      Map<String, Tensor> tensors,
      Set<String> names,
      Set<String> initializers,
      String node,
      Fields fields,
      List<String> inputs) {
    this.graph = graph;
    this.tensors = tensors;
    this.names = names;
    this.initializers = initializers;
    this.node = node;
    this.fields = fields;
    this.inputs = inputs;
  }

  /** Returns the network node's name. */
  String node() {
    return node;
  }

  /** Returns the node's graph file fields. */
  Fields fields() {
    return fields;
  }

  /** Returns the ONNX names of the node's inputs, in input order. */
  List<String> inputs() {
    return inputs;
  }

  /** Returns the ONNX name of the node's only input. */
  String input() {
    return inputs.get(0);
  }

  /** Returns the ONNX name the node's output must have: the node's name. */
  String output() {
    return node;
  }

  /**
   * Returns the initializer name of one of the node's parameters ({@code "weight"}, {@code "bias"})
   * or buffers ({@code "running_mean"}), adding the initializer the first time. A node that shares
   * another's parameters ({@code "shares"} field) gets the owner's initializer, so a shared weight
   * is stored once and used twice.
   *
   * @throws IllegalStateException if the network holds no tensor of that name
   */
  String parameter(String suffix) {
    String name = fields.text("shares").orElse(node) + "." + suffix;
    if (initializers.add(name)) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new IllegalStateException(
            "ONNX export: node `"
                + node
                + "` needs the tensor "
                + name
                + ", which is not among "
                + tensors.keySet());
      }
      names.add(name);
      graph.addInitializer(Protos.floats(name, t));
    }
    return name;
  }

  /** Adds a 1-D int64 constant (e.g. Slice's starts) and returns its name. */
  String longs(String hint, long... values) {
    String name = fresh(hint);
    graph.addInitializer(Protos.longs(name, values));
    return name;
  }

  /** Adds a float32 scalar constant and returns its name. */
  String scalar(String hint, float value) {
    String name = fresh(hint);
    graph.addInitializer(Protos.scalar(name, value));
    return name;
  }

  /** Returns a new value name, {@code node/hint} made unique within the graph. */
  String fresh(String hint) {
    String base = node + "/" + hint;
    String name = base;
    for (int k = 2; !names.add(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  /** Adds an ONNX node computing {@code outputs} from {@code inputs}. */
  void add(String opType, List<String> in, List<String> out, AttributeProto... attributes) {
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setName(added++ == 0 ? node : node + "/" + added)
            .setOpType(opType)
            .addAllInput(in)
            .addAllOutput(out);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
  }

  /** Adds an ONNX node computing the node's output from {@code in}. */
  void add(String opType, List<String> in, AttributeProto... attributes) {
    add(opType, in, List.of(output()), attributes);
  }

  /** Adds an ONNX node applying {@code opType} to the node's only input. */
  void unary(String opType, AttributeProto... attributes) {
    add(opType, List.of(input()), attributes);
  }
}
