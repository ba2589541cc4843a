package dev.tributary.spark.cli;

import dev.tributary.graph.train.History;
import dev.tributary.graph.train.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Writes the loss and error curves of a run as PNG pictures (as the runner's {@code run}). */
final class Charts {
  private Charts() {}

  /** Writes {@code loss.png} and {@code error.png} into {@code dir} and returns their paths. */
  static List<Path> write(Path dir, History history) throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(
        chart(dir.resolve("loss.png"), "Loss", history, Metric.TRAIN_LOSS, Metric.VALIDATION_LOSS));
    out.add(
        chart(
            dir.resolve("error.png"),
            "Error rate",
            history,
            Metric.TRAIN_ERROR_RATE,
            Metric.VALIDATION_ERROR_RATE));
    return out;
  }

  private static Path chart(Path png, String title, History h, Metric train, Metric validation)
      throws IOException {
    XYChart chart =
        new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").build();
    double[] epochs = new double[h.size()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = i + 1;
    }
    chart.addSeries("train", epochs, h.values(train));
    double[] v = h.values(validation);
    if (v.length > 0 && !Double.isNaN(v[0])) {
      chart.addSeries("validation", epochs, v);
    }
    String name = png.getFileName().toString();
    BitmapEncoder.saveBitmap(
        chart,
        png.resolveSibling(name.substring(0, name.length() - 4)).toString(),
        BitmapEncoder.BitmapFormat.PNG);
    return png;
  }
}
