package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.train.CsvReader;
import dev.tributary.graph.train.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary predict MODEL --data file.csv}: the model's outputs for every CSV row. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Runs a model file on the rows of a CSV file and writes one row of outputs per input row.")
public final class PredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "A model file from 'run'.")
  Path model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE.csv",
      description = "Input rows, with a header row.")
  Path data;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "COLUMN",
      description = "The columns fed to the input, in order (default: the first N columns).")
  List<String> features;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "Where to write the predictions (default: standard output).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Network net = ModelFile.load(model);
    if (net.inputs().size() != 1) {
      throw new IllegalArgumentException(
          "predict reads one input from a CSV file; this model has inputs " + net.inputs());
    }
    int width = net.width(net.inputs().get(0));
    List<String> columns = features != null ? features : firstColumns(data, width);
    if (columns.size() != width) {
      throw new IllegalArgumentException(
          String.format(
              "the model's input `%s` takes %d features but --features names %d: %s",
              net.inputs().get(0), width, columns.size(), columns));
    }
    Dataset rows = CsvReader.read(data, Map.of(Dataset.FEATURES, columns), Map.of());
    Tensor x = rows.features(Dataset.FEATURES);
    Map<String, Tensor> outputs = net.forward(Map.of(net.inputs().get(0), x));
    List<String> header = new ArrayList<>(columns);
    for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
      int w = e.getValue().dim(1);
      for (int j = 0; j < w; j++) {
        header.add(w == 1 ? e.getKey() : e.getKey() + "_" + j);
      }
    }
    if (out != null) {
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        write(w, header, x, outputs);
      }
      System.out.printf("wrote %d predictions to %s%n", x.dim(0), out);
    } else {
      PrintStream stdout = System.out;
      StringBuilder sb = new StringBuilder();
      write(sb, header, x, outputs);
      stdout.print(sb);
    }
    return 0;
  }

  private static void write(
      Appendable w, List<String> header, Tensor x, Map<String, Tensor> outputs) throws IOException {
    w.append(String.join(",", header)).append('\n');
    int rows = x.dim(0);
    int cols = x.dim(1);
    for (int i = 0; i < rows; i++) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < cols; j++) {
        line.append(j == 0 ? "" : ",").append(x.data()[i * cols + j]);
      }
      for (Tensor y : outputs.values()) {
        int w2 = y.dim(1);
        for (int j = 0; j < w2; j++) {
          line.append(',').append(String.format(Locale.ROOT, "%.6f", y.data()[i * w2 + j]));
        }
      }
      w.append(line).append('\n');
    }
  }

  private static List<String> firstColumns(Path csv, int n) throws IOException {
    List<String> lines;
    try (var stream = Files.lines(csv, StandardCharsets.UTF_8)) {
      lines = stream.limit(1).toList();
    }
    if (lines.isEmpty()) {
      throw new IOException(csv + ": the file is empty; expected a header row");
    }
    String[] names = lines.get(0).split(",", -1);
    if (names.length < n) {
      throw new IllegalArgumentException(
          String.format(
              "%s has %d columns but the model's input takes %d features", csv, names.length, n));
    }
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      columns.add(names[i].trim());
    }
    return columns;
  }
}
