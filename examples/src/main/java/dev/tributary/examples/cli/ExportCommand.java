package dev.tributary.examples.cli;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.OnnxFile;
import dev.tributary.graph.onnx.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary export MODEL --onnx OUT.onnx}: writes a model as ONNX for other runtimes. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Exports a model file (or a graph file, initialised from --seed) as an ONNX model",
      "(IR 8, opset 13) for ONNX Runtime and other ONNX tools; see docs/onnx.md."
    })
public final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (or graph .json).")
  Path model;

  @Option(
      names = "--onnx",
      required = true,
      paramLabel = "OUT.onnx",
      description = "The ONNX file to write (replaced atomically).")
  Path onnx;

  @Mixin SeedOption seed = new SeedOption(0);

  @Override
  public Integer call() throws Exception {
    Network net = Models.open(model, seed.get());
    OnnxFile.save(net, onnx);
    System.out.printf(
        "wrote %s: inputs %s, outputs %s, %d parameters, ONNX IR %d opset %d, %d bytes%n",
        onnx,
        net.inputs(),
        net.outputs(),
        net.parameterCount(),
        OnnxExport.IR_VERSION,
        OnnxExport.OPSET,
        Files.size(onnx));
    return 0;
  }
}
