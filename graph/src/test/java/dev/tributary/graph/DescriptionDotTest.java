package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.ReLU;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#toDot()}: the small DOT writer gives, byte for byte, what JGraphT's DOTExporter
 * gave for the shipped graphs (the expected files were written by the jgrapht-io version).
 */
class DescriptionDotTest {

  @Test
  void toDot_shippedGraphs_sameAsJgraphtExporterOutput() throws IOException {
    for (String name : new String[] {"converging", "siamese"}) {
      Network net = GraphSpec.read(Path.of("../examples/graphs/" + name + ".json")).build(0);
      assertEquals(expected(name + ".dot"), net.toDot(), name);
    }
  }

  @Test
  void toDot_quotesAndBackslashesInNames_escaped() {
    Network net =
        Network.builder()
            .add("in \"a\"", new Input(1))
            .add("r\\1", new ReLU())
            .connect("in \"a\"", "r\\1")
            .build(0);
    assertEquals(
        "strict digraph network {\n"
            + "  rankdir=TB;\n"
            + "  \"in \\\"a\\\"\" [ label=\"in \\\"a\\\"\\nInput 1\\n[B, 1]\" shape=\"oval\" ];\n"
            + "  \"r\\\\1\" [ label=\"r\\\\1\\nReLU\\n[B, 1]\" shape=\"box\" ];\n"
            + "  \"in \\\"a\\\"\" -> \"r\\\\1\";\n"
            + "}\n",
        net.toDot());
  }

  private static String expected(String resource) throws IOException {
    try (InputStream in = DescriptionDotTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
