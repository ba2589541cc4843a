package dev.tributary.examples.plot;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG pictures of a training run, drawn with XChart: per-epoch curves, and for networks with two
 * input features the prediction map of the reports' figures — the plane coloured by the predicted
 * class, the data points by their true class, misclassified points marked ×.
 */
public final class Plots {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 600;
  private static final Color CLASS0 = new Color(31, 119, 180);
  private static final Color CLASS1 = new Color(214, 39, 40);
  private static final Color REGION0 = new Color(198, 219, 239);
  private static final Color REGION1 = new Color(252, 205, 205);

  private Plots() {}

  /**
   * Writes a line chart of per-epoch series (epochs numbered from 1).
   *
   * @param series name → one value per epoch; series may have different lengths
   * @throws IOException if the file cannot be written
   */
  public static void curves(Path png, String title, String yAxis, Map<String, double[]> series)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setMarkerSize(0);
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      double[] y = e.getValue();
      if (y.length == 0) {
        continue;
      }
      double[] x = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        x[i] = i + 1;
      }
      chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
    }
    save(chart, png);
  }

  /**
   * Writes the prediction map of a network with two input features and one output: the square
   * spanned by the data coloured by predicted class, the points coloured by true class, and the
   * misclassified points marked ×. A one-column output is class 1 when ≥ 0.5; a wider output
   * predicts its argmax; targets are read the same way.
   *
   * @param output the output node to read
   * @throws IllegalArgumentException if the network's input is not two features wide
   * @throws IOException if the file cannot be written
   */
  public static void predictionMap(
      Path png, String title, Network net, String output, Tensor features, Tensor targets)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (net.inputs().size() != 1 || net.width(net.inputs().get(0)) != 2) {
      throw new IllegalArgumentException(
          "a prediction map needs one input of 2 features; this network has inputs "
              + net.inputs());
    }
    String input = net.inputs().get(0);
    float[] f = features.data();
    int n = features.dim(0);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, f[2 * i]);
      maxX = Math.max(maxX, f[2 * i]);
      minY = Math.min(minY, f[2 * i + 1]);
      maxY = Math.max(maxY, f[2 * i + 1]);
    }
    int grid = 120;
    float[] cells = new float[grid * grid * 2];
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        int k = gy * grid + gx;
        cells[2 * k] = (float) (minX + (maxX - minX) * (gx + 0.5) / grid);
        cells[2 * k + 1] = (float) (minY + (maxY - minY) * (gy + 0.5) / grid);
      }
    }
    int[] cellClass =
        classes(net.forward(Map.of(input, Tensor.of(cells, grid * grid, 2))).get(output));
    int[] predicted = classes(net.forward(Map.of(input, features)).get(output));
    int[] truth = classes(targets);

    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("x₁")
            .yAxisTitle("x₂")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    for (int c = 0; c <= 1; c++) {
      List<double[]> region = new ArrayList<>();
      for (int k = 0; k < cellClass.length; k++) {
        if ((cellClass[k] == 0 ? 0 : 1) == c) {
          region.add(new double[] {cells[2 * k], cells[2 * k + 1]});
        }
      }
      addPoints(chart, "predicted " + c, region, SeriesMarkers.SQUARE, c == 0 ? REGION0 : REGION1);
    }
    for (int c = 0; c <= 1; c++) {
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if ((truth[i] == 0 ? 0 : 1) == c) {
          pts.add(new double[] {f[2 * i], f[2 * i + 1]});
        }
      }
      addPoints(chart, "class " + c, pts, SeriesMarkers.CIRCLE, c == 0 ? CLASS0 : CLASS1);
    }
    List<double[]> wrong = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (predicted[i] != truth[i]) {
        wrong.add(new double[] {f[2 * i], f[2 * i + 1]});
      }
    }
    addPoints(
        chart, "misclassified (" + wrong.size() + ")", wrong, SeriesMarkers.CROSS, Color.BLACK);
    save(chart, png);
  }

  private static void addPoints(
      XYChart chart,
      String name,
      List<double[]> points,
      org.knowm.xchart.style.markers.Marker marker,
      Color color) {
    if (points.isEmpty()) {
      return;
    }
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(marker);
    s.setMarkerColor(color);
  }

  /** A class per row: {@code ≥ 0.5} for one column, the argmax otherwise. */
  static int[] classes(Tensor t) {
    int rows = t.dim(0);
    int cols = t.rank() == 1 ? 1 : t.dim(1);
    int[] out = new int[rows];
    float[] d = t.data();
    for (int i = 0; i < rows; i++) {
      if (cols == 1) {
        out[i] = d[i] >= 0.5f ? 1 : 0;
      } else {
        int best = 0;
        for (int j = 1; j < cols; j++) {
          if (d[i * cols + j] > d[i * cols + best]) {
            best = j;
          }
        }
        out[i] = best;
      }
    }
    return out;
  }

  private static void save(XYChart chart, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
