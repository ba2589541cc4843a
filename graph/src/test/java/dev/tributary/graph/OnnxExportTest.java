package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.tributary.core.Tensor;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.OnnxFile;
import dev.tributary.graph.onnx.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxFile}: ONNX Runtime 1.23 runs the exported models and agrees with {@link
 * Network#forward} for the shipped graphs and random networks, at batch sizes 1 and 37.
 */
class OnnxExportTest {
  private static final int[] BATCHES = {1, 37};
  private static final int RANDOM_NETWORKS = 60;

  @TempDir Path dir;

  @Test
  void save_shippedGraphs_runtimeMatchesForward() throws Exception {
    List<Path> graphs;
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "graphs"))) {
      graphs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(graphs.size() >= 3, "shipped graphs: " + graphs);
    for (Path graph : graphs) {
      Network net = GraphSpec.read(graph).build(7);
      net.setTraining(false); // the export is the evaluation-mode network (dropout, batch norm)
      Map<String, Integer> widths = new LinkedHashMap<>();
      for (String in : net.inputs()) {
        widths.put(in, net.shape(in).size());
      }
      checkAgainstRuntime(net, widths, 11, graph.getFileName().toString());
    }
  }

  @Test
  void save_randomNetworks_runtimeMatchesForward() throws Exception {
    int multiOutput = 0;
    for (long seed = 0; seed < RANDOM_NETWORKS; seed++) {
      RandomDags.Dag dag = RandomDags.generate(seed, false);
      Network net = dag.build();
      multiOutput += net.outputs().size() > 1 ? 1 : 0;
      checkAgainstRuntime(net, dag.inputWidths, seed, dag.toString());
    }
    assertTrue(multiOutput > 0, "no multi-output network among the random ones");
  }

  @Test
  void model_siamese_sharedWeightsAreOneInitializerUsedTwice() throws Exception {
    Network net = GraphSpec.read(Path.of("..", "examples", "graphs", "siamese.json")).build(1);
    ModelProto model = OnnxExport.model(net);
    assertEquals(OnnxExport.IR_VERSION, model.getIrVersion());
    assertEquals(OnnxExport.OPSET, model.getOpsetImport(0).getVersion());
    List<String> initializers = new ArrayList<>();
    model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
    assertEquals(List.copyOf(net.parameters().keySet()), initializers);
    int uses = 0;
    for (NodeProto node : model.getGraph().getNodeList()) {
      uses += node.getInputList().contains("fc1.weight") ? 1 : 0;
    }
    assertEquals(2, uses, "fc1.weight should feed fc1 and fc1_p2");
  }

  @Test
  void model_inputsAndOutputs_namedAsNodesWithSymbolicBatch() throws Exception {
    Network net = GraphSpec.read(Path.of("..", "examples", "graphs", "siamese.json")).build(1);
    ModelProto model = OnnxExport.model(net);
    assertEquals(net.inputs(), names(model.getGraph().getInputList()));
    assertEquals(net.outputs(), names(model.getGraph().getOutputList()));
    TensorShapeProto shape = model.getGraph().getInput(0).getType().getTensorType().getShape();
    assertEquals("batch", shape.getDim(0).getDimParam());
    assertEquals(2, shape.getDim(1).getDimValue());
  }

  @Test
  void model_nullNetwork_throwsSayingWhatToPass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.model(null));
    assertTrue(e.getMessage().contains("network is null"), e.getMessage());
  }

  private void checkAgainstRuntime(
      Network net, Map<String, Integer> inputWidths, long seed, String what) throws Exception {
    Path file = dir.resolve("model.onnx");
    OnnxFile.save(net, file);
    for (int batch : BATCHES) {
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      long s = seed * 100 + batch;
      for (Map.Entry<String, Integer> e : inputWidths.entrySet()) {
        Tensor flat = Nets.uniform(++s, -2, 2, batch, e.getValue());
        inputs.put(e.getKey(), Tensor.of(flat.data(), net.shape(e.getKey()).withBatch(batch)));
      }
      Map<String, Tensor> expected = net.forward(inputs);
      Map<String, Tensor> actual = OnnxRuntime.run(file, inputs);
      assertEquals(net.outputs(), List.copyOf(actual.keySet()), what);
      for (String out : net.outputs()) {
        OnnxRuntime.assertClose(
            expected.get(out), actual.get(out), what + ", batch " + batch + ", output " + out);
      }
    }
  }

  private static List<String> names(List<ValueInfoProto> values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.getName()));
    return names;
  }
}
