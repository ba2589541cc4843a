package dev.tributary.examples.plot;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.DigitPairs;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A grid of misclassified digit pairs: each cell shows the two 14×14 digits (scaled ×{@value
 * #SCALE}) and below them the true digits, the predicted digits (when the network has the {@code
 * digit1}/{@code digit2} heads) and the wrong comparison.
 */
public final class PairGrid {
  /** Pixels per digit pixel. */
  public static final int SCALE = 4;

  /** Cells per row. */
  public static final int COLUMNS = 8;

  /** At most this many pairs are drawn. */
  public static final int MAX_CELLS = 48;

  private static final int LABEL_HEIGHT = 30;
  private static final int GAP = 6;

  private PairGrid() {}

  /**
   * Predicts {@code test} with {@code net} in evaluation mode and writes the misclassified pairs
   * (up to {@value #MAX_CELLS}, in test order) to {@code png}; the pixels are un-normalised with
   * {@code mean} and {@code std} ({@code x · std + mean}). The file is written to a temporary file
   * first, so a failed write leaves an old PNG intact.
   *
   * @return the number of misclassified pairs drawn
   * @throws IOException if the PNG cannot be written
   * @throws IllegalArgumentException if the network has no {@code compare} output or the input is
   *     not {@code [n, 2, h, w]}
   */
  public static int misclassified(Path png, Network net, Dataset test, float mean, float std)
      throws IOException {
    Tensor x = test.features(DigitPairs.INPUT);
    int[] shape = x.shape();
    if (shape.length != 4 || shape[1] != 2) {
      throw new IllegalArgumentException(
          "PairGrid: input shape must be [n, 2, h, w], got " + java.util.Arrays.toString(shape));
    }
    if (!net.outputs().contains("compare")) {
      throw new IllegalArgumentException(
          "PairGrid: the network has no `compare` output; its outputs are " + net.outputs());
    }
    boolean was = net.isTraining();
    net.setTraining(false);
    Map<String, Tensor> y = net.forward(Map.of(net.inputs().get(0), x));
    net.setTraining(was);
    float[] compare = y.get("compare").data();
    Tensor d1 = y.get(DigitPairs.FIRST_DIGIT);
    Tensor d2 = y.get(DigitPairs.SECOND_DIGIT);
    float[] target = test.targets(DigitPairs.COMPARISON).data();
    float[] first = test.targets(DigitPairs.FIRST_DIGIT).data();
    float[] second = test.targets(DigitPairs.SECOND_DIGIT).data();
    int n = shape[0];
    int h = shape[2];
    int w = shape[3];
    int cellW = 2 * w * SCALE + GAP;
    int cellH = h * SCALE + LABEL_HEIGHT;
    int[] wrong = new int[Math.min(n, MAX_CELLS)];
    int count = 0;
    for (int i = 0; i < n && count < wrong.length; i++) {
      boolean predicted = compare[i] >= 0;
      if (predicted != target[i] >= 0.5f) {
        wrong[count++] = i;
      }
    }
    int rows = Math.max(1, (count + COLUMNS - 1) / COLUMNS);
    BufferedImage img =
        new BufferedImage(
            COLUMNS * (cellW + GAP), rows * (cellH + GAP), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    float[] v = x.data();
    for (int k = 0; k < count; k++) {
      int i = wrong[k];
      int left = (k % COLUMNS) * (cellW + GAP);
      int top = (k / COLUMNS) * (cellH + GAP);
      for (int c = 0; c < 2; c++) {
        int base = ((i * 2) + c) * h * w;
        for (int r = 0; r < h; r++) {
          for (int col = 0; col < w; col++) {
            float p = v[base + r * w + col] * std + mean;
            int grey = 255 - Math.max(0, Math.min(255, Math.round(p * 255)));
            g.setColor(new Color(grey, grey, grey));
            g.fillRect(left + c * (w * SCALE + GAP) + col * SCALE, top + r * SCALE, SCALE, SCALE);
          }
        }
      }
      g.setColor(Color.BLACK);
      String truth = String.format("true %d,%d", (int) first[i], (int) second[i]);
      String guess =
          d1 == null || d2 == null
              ? (compare[i] >= 0 ? "said ≤" : "said >")
              : String.format("pred %d,%d", argmax(d1, i), argmax(d2, i));
      g.drawString(truth, left, top + h * SCALE + 12);
      g.setColor(new Color(214, 39, 40));
      g.drawString(guess, left, top + h * SCALE + 25);
    }
    g.dispose();
    Path parent = png.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(parent, ".pairs", ".png");
    try {
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException(png + ": no PNG writer available");
      }
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return count;
  }

  private static int argmax(Tensor logits, int row) {
    int k = logits.dim(1);
    float[] d = logits.data();
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (d[row * k + j] > d[row * k + best]) {
        best = j;
      }
    }
    return best;
  }
}
