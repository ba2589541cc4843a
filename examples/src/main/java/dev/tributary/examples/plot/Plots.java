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
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
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

  /** Point colours of the classes (matplotlib's tab10), cycled beyond ten. */
  private static final Color[] PALETTE = {
    CLASS0,
    CLASS1,
    new Color(44, 160, 44),
    new Color(255, 127, 14),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127),
    new Color(188, 189, 34),
    new Color(23, 190, 207)
  };

  private static Color pointColor(int c) {
    return PALETTE[c % PALETTE.length];
  }

  /** A light version of a class colour for the predicted regions. */
  private static Color regionColor(int c) {
    if (c == 0) {
      return REGION0;
    }
    if (c == 1) {
      return REGION1;
    }
    Color p = pointColor(c);
    return new Color(
        (p.getRed() + 3 * 255) / 4, (p.getGreen() + 3 * 255) / 4, (p.getBlue() + 3 * 255) / 4);
  }

  /**
   * Writes the prediction map of a network with two input features and one output: the square
   * spanned by the data coloured by predicted class, the points coloured by true class, and the
   * misclassified points marked ×. A one-column output is class 1 when ≥ {@code threshold} (0.5 for
   * probabilities, 0 for logits); a wider output predicts its argmax over K classes, drawn in K
   * colours; targets are one-hot rows or class indices for a wider output, 0/1 labels (≥ 0.5) for
   * one column.
   *
   * @param output the output node to read
   * @throws IllegalArgumentException if the network's input is not two features wide
   * @throws IOException if the file cannot be written
   */
  public static void predictionMap(
      Path png,
      String title,
      Network net,
      String output,
      Tensor features,
      Tensor targets,
      float threshold)
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
        classes(
            net.forward(Map.of(input, Tensor.of(cells, grid * grid, 2))).get(output), threshold);
    Tensor out = net.forward(Map.of(input, features)).get(output);
    int k = out.rank() == 2 ? Math.max(2, out.dim(1)) : 2;
    int[] predicted = classes(out, threshold);
    int[] truth = targetClasses(targets, k);

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
    for (int c = 0; c < k; c++) {
      List<double[]> region = new ArrayList<>();
      for (int j = 0; j < cellClass.length; j++) {
        if (cellClass[j] == c) {
          region.add(new double[] {cells[2 * j], cells[2 * j + 1]});
        }
      }
      addPoints(chart, "predicted " + c, region, SeriesMarkers.SQUARE, regionColor(c));
    }
    for (int c = 0; c < k; c++) {
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (truth[i] == c) {
          pts.add(new double[] {f[2 * i], f[2 * i + 1]});
        }
      }
      addPoints(chart, "class " + c, pts, SeriesMarkers.CIRCLE, pointColor(c));
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

  /**
   * Writes a scatter of predicted against true values (every element of the output), with the line
   * {@code predicted = true}.
   *
   * @throws IllegalArgumentException if the two arrays differ in length
   * @throws IOException if the file cannot be written
   */
  public static void predictedVsTrue(Path png, String title, float[] truth, float[] predicted)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          "predictedVsTrue: "
              + truth.length
              + " true values but "
              + predicted.length
              + " predicted");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("true")
            .yAxisTitle("predicted")
            .build();
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < truth.length; i++) {
      pts.add(new double[] {truth[i], predicted[i]});
      lo = Math.min(lo, Math.min(truth[i], predicted[i]));
      hi = Math.max(hi, Math.max(truth[i], predicted[i]));
    }
    if (pts.isEmpty()) {
      lo = 0;
      hi = 1;
    }
    XYSeries line =
        chart.addSeries("predicted = true", new double[] {lo, hi}, new double[] {lo, hi});
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(Color.GRAY);
    addPoints(chart, "test rows", pts, SeriesMarkers.CIRCLE, CLASS0);
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

  /** A class per row: {@code ≥ threshold} for one column, the argmax otherwise. */
  static int[] classes(Tensor t, float threshold) {
    int rows = t.dim(0);
    int cols = t.rank() == 1 ? 1 : t.dim(1);
    int[] out = new int[rows];
    float[] d = t.data();
    for (int i = 0; i < rows; i++) {
      if (cols == 1) {
        out[i] = d[i] >= threshold ? 1 : 0;
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

  /**
   * The true class per row: for K > 2 classes a one-column target holds class indices, else 0/1
   * labels (≥ 0.5); a wider target is one-hot (its argmax).
   */
  static int[] targetClasses(Tensor t, int k) {
    int cols = t.rank() == 1 ? 1 : t.dim(1);
    if (cols == 1 && k > 2) {
      int[] out = new int[t.dim(0)];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.max(0, Math.min(k - 1, (int) t.data()[i]));
      }
      return out;
    }
    return classes(t, 0.5f);
  }

  /**
   * Writes a K×K confusion matrix as a heat map with the counts written in the cells: columns are
   * the predicted classes, rows the true ones.
   *
   * @param matrix {@code matrix[true][predicted]} counts, square
   * @throws IllegalArgumentException if the matrix is empty or not square
   * @throws IOException if the file cannot be written
   */
  public static void confusionMatrix(Path png, String title, long[][] matrix) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int k = matrix.length;
    for (long[] row : matrix) {
      if (row.length != k) {
        throw new IllegalArgumentException("confusionMatrix: the matrix must be square, K×K");
      }
    }
    if (k == 0) {
      throw new IllegalArgumentException("confusionMatrix: the matrix is empty");
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("predicted class")
            .yAxisTitle("true class")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setRangeColors(new Color[] {Color.WHITE, CLASS0});
    int[] classes = new int[k];
    for (int i = 0; i < k; i++) {
      classes[i] = i;
    }
    int[][] cells = new int[k][k]; // XChart's heat data is indexed [x][y]: [predicted][true]
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        cells[p][t] = (int) Math.min(Integer.MAX_VALUE, matrix[t][p]);
      }
    }
    chart.addSeries("counts", classes, classes, cells);
    save(chart, png);
  }

  private static void save(Chart<?, ?> chart, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
