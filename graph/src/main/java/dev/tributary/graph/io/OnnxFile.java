package dev.tributary.graph.io;

import dev.tributary.graph.Network;
import dev.tributary.graph.onnx.OnnxExport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Saves a {@link Network} as an ONNX model (IR version 8, opset 13), for ONNX Runtime and the other
 * ONNX tools: the network in evaluation mode, one graph input per {@code Input} node and one graph
 * output per output node, named as the nodes, with a dynamic batch dimension, and the parameters as
 * initializers. {@link OnnxExport} builds the model; {@code docs/onnx.md} gives the operator
 * mapping.
 *
 * <p>Saving is atomic, as {@link ModelFile#save}: a failed save leaves the previous file intact.
 *
 * <p>The ONNX protobuf classes are an optional dependency of {@code tributary-graph}: an
 * application that exports declares {@code org.tribuo:tribuo-util-onnx} and {@code
 * com.google.protobuf:protobuf-java} (versions in the parent pom, {@code README.md}).
 */
public final class OnnxFile {
  private static final String[] REQUIRED_CLASSES = {
    "com.google.protobuf.GeneratedMessageV3", "ai.onnx.proto.OnnxMl"
  };

  private OnnxFile() {}

  /**
   * Saves {@code network} as an ONNX model, atomically.
   *
   * @throws IllegalArgumentException if an argument is null, or the network holds an operator type
   *     the export does not map (the message names the node)
   * @throws IllegalStateException if the ONNX protobuf classes are not on the class path (the
   *     message names the dependencies to add)
   * @throws ModelFileException if the folder is missing or not writable, or writing fails; the
   *     previous file, if any, is then unchanged
   * @throws IOException if another I/O error occurs
   */
  public static void save(Network network, Path file) throws IOException {
    save(network, file, UnaryOperator.identity());
  }

  /** Saves, writing through {@code faults} (tests inject failing streams with it). */
  static void save(Network network, Path file, UnaryOperator<OutputStream> faults)
      throws IOException {
    if (network == null || file == null) {
      throw new IllegalArgumentException("OnnxFile.save: network and file must be given");
    }
    requireProtobuf();
    // Build the whole model before touching the disk, so an unmapped operator writes nothing.
    byte[] bytes = OnnxExport.model(network).toByteArray();
    AtomicFile.write(file, out -> out.write(bytes), faults);
  }

  private static void requireProtobuf() {
    for (String name : REQUIRED_CLASSES) {
      try {
        Class.forName(name, false, OnnxFile.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "ONNX export needs the ONNX protobuf classes, and "
                + name
                + " is not on the class path; add the dependencies"
                + " org.tribuo:tribuo-util-onnx:4.3.2 and com.google.protobuf:protobuf-java:3.25.8",
            e);
      }
    }
  }
}
