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
import dev.tributary.graph.op.Bilinear;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Slice;
import dev.tributary.graph.op.Softmax;
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
      checkAgainstRuntime(net, 11, graph.getFileName().toString());
    }
  }

  @Test
  void save_randomNetworks_runtimeMatchesForward() throws Exception {
    int multiOutput = 0;
    for (long seed = 0; seed < RANDOM_NETWORKS; seed++) {
      RandomDags.Dag dag = RandomDags.generate(seed, false);
      Network net = dag.build();
      multiOutput += net.outputs().size() > 1 ? 1 : 0;
      checkAgainstRuntime(net, seed, dag.toString());
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

  @Test
  void save_everyImageOperatorAfterTraining_runtimeMatchesEvaluationForward() throws Exception {
    Network net = GraphSpec.parse(dev.tributary.graph.io.FileFuzzTest.IMAGES).build(3);
    for (int step = 0; step < 3; step++) {
      Tensor flat = Nets.uniform(step, -1, 1 + step, 8, net.width("x"));
      net.forward(Tensor.of(flat.data(), net.shape("x").withBatch(8))); // running statistics move
    }
    checkAgainstRuntime(net, 5, "every image operator");
  }

  @Test
  void save_bilinearOfTwoSoftmaxesReversedOrder_runtimeMatchesForward() throws Exception {
    Network net =
        Network.builder()
            .add("x", new Input(7))
            .add("a", new Slice(0, 3))
            .add("b", new Slice(3, 7))
            .add("pa", new Softmax())
            .add("compare", new Bilinear(4, 3, 2, List.of("b", "pa")))
            .connect("x", "a", "b")
            .connect("a", "pa")
            .connect("pa", "compare")
            .connect("b", "compare")
            .build(7);
    checkAgainstRuntime(net, 8, "Bilinear(b, softmax(a))");
  }

  private void checkAgainstRuntime(Network net, long seed, String what) throws Exception {
    Path file = dir.resolve("model.onnx");
    OnnxFile.save(net, file);
    net.setTraining(false);
    for (int batch : BATCHES) {
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      long s = seed * 100 + batch;
      for (String in : net.inputs()) {
        Tensor flat = Nets.uniform(++s, -2, 2, batch, net.width(in));
        inputs.put(in, Tensor.of(flat.data(), net.shape(in).withBatch(batch)));
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
