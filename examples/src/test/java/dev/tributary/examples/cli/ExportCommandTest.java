package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.tributary.examples.Main;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.io.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary export MODEL --onnx OUT}: the file holds the model's graph and weights. */
class ExportCommandTest {
  @TempDir Path tmp;

  /** The exit status and what a command printed. */
  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int status =
          Main.commandLine()
              .setOut(
                  new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
              .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true))
              .execute(args);
      return new Result(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }

  @Test
  void export_siameseModel_writesInputsOutputsAndWeightsBitwise() throws Exception {
    Network net = GraphSpec.read(Path.of("graphs", "siamese.json")).build(5);
    Path model = tmp.resolve("siamese.safetensors");
    ModelFile.save(net, model);
    Path onnx = tmp.resolve("siamese.onnx");

    Result r = run("export", model.toString(), "--onnx", onnx.toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("outputs [aux1, aux2, out]"), r.out());
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(onnx));
    List<String> inputs = new ArrayList<>();
    proto.getGraph().getInputList().forEach(v -> inputs.add(v.getName()));
    assertEquals(net.inputs(), inputs);
    for (TensorProto t : proto.getGraph().getInitializerList()) {
      float[] values = new float[t.getRawData().size() / Float.BYTES];
      ByteBuffer.wrap(t.getRawData().toByteArray())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(values);
      assertArrayEquals(net.parameters().get(t.getName()).value().data(), values, t.getName());
    }
    assertEquals(net.parameters().size(), proto.getGraph().getInitializerCount());
  }

  @Test
  void export_withoutOnnxOption_statusTwoNamingTheOption() {
    Result r = run("export", "graphs/seed.json");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--onnx"), r.err());
  }

  @Test
  void export_missingModel_oneLineErrorAndStatusOne() {
    Result r = run("export", tmp.resolve("none.safetensors").toString(), "--onnx", "x.onnx");
    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("export: no such file"), r.err());
  }
}
