package dev.tributary.graph.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSet;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the ONNX model of a network in evaluation mode: one graph input per {@code Input} node,
 * named as the node, of shape {@code [batch, features...]} with a symbolic {@code batch} dimension;
 * one graph output per output node, named as the node; the parameters as float32 initializers named
 * as in {@link Network#parameters()} (a shared weight is one initializer used twice); every other
 * node through its operator's mapping ({@code docs/onnx.md}). Intermediate values are named after
 * the node that computes them.
 */
public final class OnnxExport {
  /** The ONNX IR version written: 8, which ONNX Runtime 1.8 and later read. */
  public static final long IR_VERSION = 8;

  /** The default-domain operator set the models use. */
  public static final long OPSET = 13;

  /** The producer name written in the model. */
  public static final String PRODUCER = "Tributary";

  private static final ObjectMapper JSON = new ObjectMapper();

  private OnnxExport() {}

  /** Returns the operator types the export maps, {@code Input} included. */
  public static Set<String> supportedTypes() {
    return ImmutableSet.<String>builder()
        .add("Input")
        .addAll(OnnxOperators.MAPPINGS.keySet())
        .build();
  }

  /**
   * Returns the ONNX model of {@code network}.
   *
   * @throws IllegalArgumentException if the network is null or holds an operator type the export
   *     does not map (the message names the node and lists the mapped types)
   */
  public static ModelProto model(Network network) {
    if (network == null) {
      throw new IllegalArgumentException("ONNX export: network is null; pass a built Network");
    }
    JsonNode operators = operatorFields(network);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, p) -> tensors.put(name, p.value()));
    tensors.putAll(network.buffers());
    GraphProto.Builder graph = GraphProto.newBuilder().setName("tributary");
    Set<String> names = new HashSet<>(network.forwardSchedule());
    Set<String> initializers = new HashSet<>();
    for (String node : network.forwardSchedule()) {
      Fields fields = new Fields(node, operators.path(node));
      if (network.predecessors(node).isEmpty()) {
        graph.addInput(Protos.batchTensor(node, inputDims(network, node, fields)));
        continue;
      }
      String type = network.operators().get(node).type();
      OnnxOperators.Mapping mapping = OnnxOperators.MAPPINGS.get(type);
      if (mapping == null) {
        throw new IllegalArgumentException(
            String.format(
                "ONNX export: node `%s` is a %s, which the export does not map; the mapped types"
                    + " are %s (add one in dev.tributary.graph.onnx.OnnxOperators)",
                node, type, supportedTypes()));
      }
      mapping.emit(
          new NodeContext(
              graph, tensors, names, initializers, node, fields, network.predecessors(node)));
    }
    for (String out : network.outputs()) {
      graph.addOutput(Protos.batchTensor(out, network.width(out)));
    }
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(PRODUCER)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    String version = Network.class.getPackage().getImplementationVersion();
    if (version != null) {
      model.setProducerVersion(version);
    }
    return model.build();
  }

  /**
   * Writes the ONNX model of {@code network} to {@code out} (the protobuf encoding of {@link
   * #model}).
   *
   * @throws IllegalArgumentException if the network holds an operator type the export does not map
   * @throws IOException if writing fails
   */
  public static void write(Network network, OutputStream out) throws IOException {
    model(network).writeTo(out);
  }

  /** The per-sample dimensions of an input: its {@code shape} field, else {@code [size]}. */
  private static int[] inputDims(Network network, String node, Fields fields) {
    return fields.integers("shape").orElseGet(() -> new int[] {network.width(node)});
  }

  /** Each node's graph file fields, by node name, from the network's graph spec. */
  private static JsonNode operatorFields(Network network) {
    try {
      return JSON.readTree(GraphSpec.of(network).toJson()).path("operators");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ONNX export: the network's graph spec is not JSON", e);
    }
  }
}
