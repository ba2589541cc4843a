package dev.tributary.examples.cli;

import dev.tributary.examples.plot.Plots;
import dev.tributary.graph.Network;
import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The pictures of a run: curves, the prediction map, and the graph as DOT (and SVG/PNG). */
final class Pictures {
  private Pictures() {}

  static List<Path> write(
      Path dir,
      Network net,
      History history,
      DataSource.Split split,
      String output,
      boolean noPlots)
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
    loss.put("test", history.values(Metric.VALIDATION_LOSS));
    Path lossPng = dir.resolve("loss.png");
    Plots.curves(lossPng, "Loss", "loss", loss);
    written.add(lossPng);
    Map<String, double[]> error = new LinkedHashMap<>();
    error.put("train", percent(history.values(Metric.TRAIN_ERROR_RATE)));
    error.put("test", percent(history.values(Metric.VALIDATION_ERROR_RATE)));
    Path errorPng = dir.resolve("error.png");
    Plots.curves(errorPng, "Error rate", "error rate (%)", error);
    written.add(errorPng);
    if (net.inputs().size() == 1 && net.width(net.inputs().get(0)) == 2) {
      String target = split.test.targets().keySet().iterator().next();
      Path map = dir.resolve("prediction-map.png");
      Plots.predictionMap(
          map,
          "Test set: prediction map",
          net,
          output,
          split.test.features().values().iterator().next(),
          split.test.targets(target));
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

  /** Renders the DOT file with Graphviz's {@code dot} when it is installed; else nothing. */
  private static List<Path> graphviz(Path dot) {
    List<Path> written = new ArrayList<>();
    for (String format : List.of("svg", "png")) {
      Path target = dot.resolveSibling("graph." + format);
      try {
        Process p =
            new ProcessBuilder("dot", "-T" + format, "-o", target.toString(), dot.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          written.add(target);
        }
      } catch (IOException e) {
        return written; // Graphviz is not installed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return written;
      }
    }
    return written;
  }
}
