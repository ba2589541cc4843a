package dev.tributary.examples.cli;

import dev.tributary.core.Tensor;
import dev.tributary.examples.plot.PairGrid;
import dev.tributary.examples.plot.Plots;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.DataMetadata;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Decision;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pictures of a run: curves, the prediction map (classification) or predicted against true
 * (regression), and the graph as DOT (and SVG/PNG when Graphviz is installed; a line says so when
 * it is not).
 */
final class Pictures {
  private final Path dir;
  private final boolean noPlots;
  private final PrintStream out;

  Pictures(Path dir, boolean noPlots, PrintStream out) {
    this.dir = dir;
    this.noPlots = noPlots;
    this.out = out;
  }

  List<Path> write(
      Network net,
      History history,
      DataSource.Split split,
      String output,
      Trainer trainer,
      Task task,
      Evaluation test,
      DataMetadata meta)
      throws IOException {
    List<Path> written = new ArrayList<>();
    Path dot = dir.resolve("graph.dot");
    Files.writeString(dot, net.toDot(), StandardCharsets.UTF_8);
    written.add(dot);
    written.addAll(graphviz(dot));
    if (noPlots) {
      return written;
    }
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("train", history.values(Metric.TRAIN_LOSS));
    loss.put(
        history.bestEpoch() > 0 ? "validation" : "test", history.values(Metric.VALIDATION_LOSS));
    Path lossPng = dir.resolve("loss.png");
    Plots.curves(lossPng, "Loss", "loss", loss);
    written.add(lossPng);
    boolean oneInput = net.inputs().size() == 1 && split.test.features().size() == 1;
    if (task == Task.REGRESS) {
      if (oneInput) {
        Tensor x = split.test.features().values().iterator().next();
        Tensor predicted = net.forward(Map.of(net.inputs().get(0), x)).get(output);
        Tensor truth = split.test.targets().values().iterator().next();
        if (meta != null && meta.targetsStandardized()) {
          predicted = TargetScale.predictOriginal(net, split.test, output, meta);
          truth = meta.unstandardizeTargets(truth);
        }
        if (predicted.size() == truth.size()) {
          Path png = dir.resolve("predicted-vs-true.png");
          Plots.predictedVsTrue(
              png, "Test set: predicted against true", truth.data(), predicted.data());
          written.add(png);
        }
      }
      return written;
    }
    Map<String, double[]> error = new LinkedHashMap<>();
    error.put("train", percent(history.values(Metric.TRAIN_ERROR_RATE)));
    error.put(
        history.bestEpoch() > 0 ? "validation" : "test",
        percent(history.values(Metric.VALIDATION_ERROR_RATE)));
    Path errorPng = dir.resolve("error.png");
    Plots.curves(errorPng, "Error rate", "error rate (percent)", error);
    written.add(errorPng);
    if (split.pairs != null && net.outputs().contains(DataSource.COMPARE)) {
      Path grid = dir.resolve("misclassified-pairs.png");
      int shown =
          PairGrid.misclassified(
              grid, net, split.pairs.test(), split.pairs.mean(), split.pairs.std());
      out.println("misclassified-pairs.png: " + shown + " misclassified test pairs drawn");
      written.add(grid);
    }
    if (test.confusionMatrix().isPresent()) {
      Path png = dir.resolve("confusion-matrix.png");
      Plots.confusionMatrix(png, "Test set: confusion matrix", test.confusionMatrix().get());
      written.add(png);
    }
    if (oneInput && net.width(net.inputs().get(0)) == 2) {
      Tensor target =
          split.test.targets().size() == 1
              ? split.test.targets().values().iterator().next()
              : split.test.targets(Dataset.TARGETS);
      Path map = dir.resolve("prediction-map.png");
      Plots.predictionMap(
          map,
          "Test set: prediction map",
          net,
          output,
          split.test.features().values().iterator().next(),
          target,
          trainer.decision() == Decision.LOGIT ? 0f : 0.5f);
      written.add(map);
    }
    return written;
  }

  private static double[] percent(double[] rates) {
    double[] p = new double[rates.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = 100 * rates[i];
    }
    return p;
  }

  /** Renders the DOT file with Graphviz's {@code dot} when it is installed; says so when not. */
  private List<Path> graphviz(Path dot) {
    List<Path> written = new ArrayList<>();
    for (String format : List.of("svg", "png")) {
      Path target = dot.resolveSibling("graph." + format);
      try {
        Process p =
            new ProcessBuilder("dot", "-T" + format, "-o", target.toString(), dot.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          written.add(target);
        } else {
          out.println("graph." + format + " skipped: Graphviz's dot failed: " + log.strip());
        }
      } catch (IOException e) {
        out.println(
            "graph.svg and graph.png skipped: Graphviz's `dot` is not installed (install the"
                + " graphviz package; graph.dot is written either way)");
        return written;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return written;
      }
    }
    return written;
  }
}
