package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.io.ModelFile;
import dev.tributary.graph.train.CsvReader;
import dev.tributary.graph.train.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary predict MODEL --data file.csv}: the model's outputs for every CSV row. The
 * feature columns are those the model was trained on (by name, from its metadata), scaled as in
 * training; a classifier also gets its class and that class's probability.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Runs a model file on the rows of a CSV file and writes one row of outputs per input row"
            + " (with the class and its probability for a classifier), or a digit-pair model on"
            + " two PNG digits (--pair).")
public final class PredictCommand implements Callable<Integer> {
  /** The key {@code run} stores the decision under (LOGIT, PROBABILITY, ARGMAX). */
  static final String DECISION = "tributary.decision";

  @Parameters(index = "0", paramLabel = "MODEL", description = "A model file from 'run'.")
  Path model;

  @Option(names = "--data", paramLabel = "FILE.csv", description = "Input rows, with a header row.")
  Path data;

  @Option(
      names = "--pair",
      arity = "2",
      paramLabel = "PNG",
      description =
          "Two PNG digits (any size, grey or colour) for a digit-pair model: prints whether the"
              + " first is <= the second, with its probability, and both predicted digits.")
  List<Path> pair;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "The columns fed to the input, in order (default: the columns the model was trained on,"
              + " by name; for a model without them, the first N columns).")
  List<String> features;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "Where to write the predictions (default: standard output).")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if ((data == null) == (pair == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "give --data FILE.csv (rows of features) or --pair FIRST.png SECOND.png (a digit-pair"
              + " model), one of the two");
    }
    if (pair != null) {
      if (features != null || out != null) {
        throw new ParameterException(
            spec.commandLine(),
            (features != null ? "--features" : "--out") + " applies to --data, not to --pair");
      }
      checkModelFile(model);
      PairPredict.run(model, pair.get(0), pair.get(1), System.out);
      return 0;
    }
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (Files.isDirectory(out)) {
        throw new ParameterException(
            spec.commandLine(), "--out " + out + " is a folder; give a file");
      }
      if (parent != null && !Files.isDirectory(parent)) {
        throw new ParameterException(
            spec.commandLine(),
            "--out " + out + ": the folder " + parent + " does not exist; create it first");
      }
    }
    checkModelFile(model);
    Map<String, String> metadata = ModelFile.readMetadata(model);
    Optional<DataMetadata> meta = DataMetadata.from(model, metadata);
    Network net = ModelFile.load(model);
    if (net.inputs().size() != 1) {
      throw new IllegalArgumentException(
          "predict reads one input from a CSV file; this model has inputs " + net.inputs());
    }
    int width = net.width(net.inputs().get(0));
    List<String> columns;
    if (features != null) {
      columns = features;
    } else if (meta.isPresent()) {
      columns = meta.get().features();
    } else {
      columns = firstColumns(data, width);
    }
    if (columns.size() != width) {
      throw new IllegalArgumentException(
          String.format(
              "the model's input `%s` takes %d features but --features names %d: %s",
              net.inputs().get(0), width, columns.size(), columns));
    }
    Dataset rows = CsvReader.read(data, Map.of(Dataset.FEATURES, columns), Map.of());
    Tensor raw = rows.features(Dataset.FEATURES);
    Tensor x = meta.isPresent() ? meta.get().standardize(raw) : raw;
    net.setTraining(false);
    Map<String, Tensor> outputs = net.forward(Map.of(net.inputs().get(0), x));
    if (meta.isPresent() && meta.get().targetsStandardized() && outputs.size() == 1) {
      // The network predicts standardized targets: y = y'·σ + μ gives the original units.
      String name = outputs.keySet().iterator().next();
      outputs = Map.of(name, meta.get().unstandardizeTargets(outputs.get(name)));
    }
    String decision = classifierDecision(meta, metadata, outputs);
    List<String> header = new ArrayList<>(columns);
    for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
      int w = e.getValue().dim(1);
      for (int j = 0; j < w; j++) {
        header.add(w == 1 ? e.getKey() : e.getKey() + "_" + j);
      }
    }
    if (decision != null) {
      header.add("class");
      header.add("probability");
    }
    Tensor decided = decision == null ? null : outputs.values().iterator().next();
    if (out != null) {
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        write(w, header, raw, outputs, decided, decision);
      }
      System.out.printf("wrote %d predictions to %s%n", raw.dim(0), out);
    } else {
      PrintStream stdout = System.out;
      StringBuilder sb = new StringBuilder();
      write(sb, header, raw, outputs, decided, decision);
      stdout.print(sb);
    }
    return 0;
  }

  /** Refuses a folder or a graph file with a message that says what predict takes. */
  private static void checkModelFile(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          file
              + " is a folder; give the model file in it, e.g. "
              + file.resolve("model.safetensors"));
    }
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file + " (no such model file)");
    }
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(1);
    }
    if (Models.isGraph(file) || (start.length == 1 && start[0] == '{')) {
      throw new IllegalArgumentException(
          file
              + " is a graph file, not a model file; predict needs trained parameters: train it"
              + " with 'tributary run "
              + file
              + "' and pass the model.safetensors it writes");
    }
  }

  /** LOGIT, PROBABILITY or ARGMAX for a one-output classifier, else null. */
  private static String classifierDecision(
      Optional<DataMetadata> meta, Map<String, String> metadata, Map<String, Tensor> outputs) {
    if (outputs.size() != 1 || meta.isEmpty() || !"classify".equals(meta.get().task())) {
      return null;
    }
    Tensor y = outputs.values().iterator().next();
    String d = metadata.getOrDefault(DECISION, "AUTO");
    if ("AUTO".equals(d)) {
      d = y.dim(1) > 1 ? "ARGMAX" : "PROBABILITY";
    }
    return d;
  }

  private static void write(
      Appendable w,
      List<String> header,
      Tensor x,
      Map<String, Tensor> outputs,
      Tensor decided,
      String decision)
      throws IOException {
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
      if (decided != null) {
        appendClass(line, decided, i, decision);
      }
      w.append(line).append('\n');
    }
  }

  /** Appends the class of row {@code i} and the probability the model gives that class. */
  static void appendClass(StringBuilder line, Tensor y, int i, String decision) {
    int k = y.dim(1);
    float[] d = y.data();
    int cls;
    double p;
    if (k == 1) {
      double p1 =
          "LOGIT".equals(decision) ? 1 / (1 + Math.exp(-d[i])) : Math.max(0, Math.min(1, d[i]));
      cls = p1 >= 0.5 ? 1 : 0;
      p = cls == 1 ? p1 : 1 - p1;
    } else {
      cls = 0;
      for (int c = 1; c < k; c++) {
        if (d[i * k + c] > d[i * k + cls]) {
          cls = c;
        }
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(d[i * k + c] - d[i * k + cls]);
      }
      p = 1 / sum;
    }
    line.append(',').append(cls).append(',').append(String.format(Locale.ROOT, "%.6f", p));
  }

  private static List<String> firstColumns(Path csv, int n) throws IOException {
    List<String> lines;
    try (var stream = Files.lines(csv, StandardCharsets.UTF_8)) {
      lines = stream.limit(1).toList();
    }
    if (lines.isEmpty()) {
      throw new IOException(csv + ": the file is empty; expected a header row");
    }
    String[] names = lines.get(0).replace("\uFEFF", "").split(",", -1);
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
