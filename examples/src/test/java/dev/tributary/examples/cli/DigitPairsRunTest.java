package dev.tributary.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.io.IdxFile;
import dev.tributary.graph.io.ModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 from the runner: {@code run examples/graphs/digit-pairs.json --data mnist-pairs} trains
 * from the graph file's training section (flags override it, and the run says so), writes the
 * misclassified-pairs grid and the pair normalisation; {@code predict --pair} on PNGs cut from the
 * shipped MNIST digits gives the network's own answer for those digits, at any size.
 */
class DigitPairsRunTest {
  private static final Path GRAPH = Path.of("graphs", "digit-pairs.json");
  private static final Path MNIST = Path.of("data", "mnist-10k");

  /** The printed probabilities have four decimals. */
  private static final double PRINT_TOLERANCE = 6e-5;

  @TempDir static Path tmp;

  private static Path model;
  private static CliRun.Result run;

  @BeforeAll
  static void train() {
    Path out = tmp.resolve("pairs");
    run =
        CliRun.run(
            "run",
            GRAPH.toString(),
            "--data",
            "mnist-pairs",
            "--epochs",
            "2",
            "--train-size",
            "300",
            "--test-size",
            "100",
            "--out",
            out.toString());
    model = out.resolve("model.safetensors");
  }

  @Test
  void run_digitPairsGraph_trainsFromItsTrainingSectionAndWritesTheGrid() throws Exception {
    assertEquals(0, run.status(), run.err());
    String out = run.out();
    assertTrue(
        out.contains(
            "from the graph file's training section: loss terms for 3 outputs, optimizer adam,"
                + " lr 0.005, batch 100, schedule none"),
        out);
    assertTrue(
        out.contains(
            "overridden on the command line (the graph file's value first): epochs 25 (by"
                + " --epochs 2)"),
        out);
    assertTrue(
        out.contains(
            "loss 1·bce-logits(compare, compare) + 1·cross-entropy(digit1, digit1) +"
                + " 1·cross-entropy(digit2, digit2), 2 epochs of batch 100"),
        out);
    assertTrue(out.contains("mnist-pairs: 300 training pairs"), out);
    assertTrue(Files.size(model.resolveSibling("misclassified-pairs.png")) > 0);
    Map<String, String> meta = ModelFile.readMetadata(model);
    assertTrue(Float.parseFloat(meta.get(PairPredict.STD)) > 0, meta.toString());
  }

  @Test
  void predictPair_pngsCutFromMnist_matchesTheNetworkAtAnySize() throws Exception {
    assertEquals(0, run.status(), run.err());
    Tensor images = IdxFile.readImages(MNIST.resolve("images-idx3-ubyte.gz"));
    int first = 9_000;
    int second = 9_001;
    Path a = png(images, first, 1, "a.png");
    Path b = png(images, second, 1, "b.png");
    CliRun.Result p = CliRun.run("predict", model.toString(), "--pair", a.toString(), b.toString());
    assertEquals(0, p.status(), p.err());

    Map<String, String> meta = ModelFile.readMetadata(model);
    float mean = Float.parseFloat(meta.get(PairPredict.MEAN));
    float std = Float.parseFloat(meta.get(PairPredict.STD));
    float[] x = new float[2 * 14 * 14];
    pool(images, first, x, 0, mean, std);
    pool(images, second, x, 14 * 14, mean, std);
    Network net = ModelFile.load(model);
    net.setTraining(false);
    Map<String, Tensor> y = net.forward(Map.of("x", Tensor.of(x, 1, 2, 14, 14)));
    double compare = 1 / (1 + Math.exp(-y.get("compare").data()[0]));

    Matcher m = Pattern.compile("probability ([0-9.]+) that the first").matcher(p.out());
    assertTrue(m.find(), p.out());
    assertEquals(compare, Double.parseDouble(m.group(1)), PRINT_TOLERANCE, p.out());
    assertTrue(p.out().contains("a.png ≤ b.png: " + (compare >= 0.5 ? "yes" : "no")), p.out());
    assertTrue(p.out().contains("first digit  (a.png): " + argmax(y.get("digit1"))), p.out());
    assertTrue(p.out().contains("second digit (b.png): " + argmax(y.get("digit2"))), p.out());

    // The same digits at four times the size (56×56) give the same answer.
    Path a4 = png(images, first, 2, "a4.png");
    Path b4 = png(images, second, 2, "b4.png");
    CliRun.Result big =
        CliRun.run("predict", model.toString(), "--pair", a4.toString(), b4.toString());
    assertEquals(0, big.status(), big.err());
    assertEquals(p.out().replace("a.png", "a4.png").replace("b.png", "b4.png"), big.out());
  }

  @Test
  void predictPair_csvModel_saysItIsNotADigitPairModel() throws Exception {
    Path out = tmp.resolve("disc");
    CliRun.Result trained =
        CliRun.run(
            "run",
            "graphs/converging.json",
            "--epochs",
            "1",
            "--train-size",
            "50",
            "--test-size",
            "20",
            "--no-plots",
            "--out",
            out.toString());
    assertEquals(0, trained.status(), trained.err());
    Tensor images = IdxFile.readImages(MNIST.resolve("images-idx3-ubyte.gz"));
    Path a = png(images, 1, 1, "c.png");
    CliRun.Result p =
        CliRun.run(
            "predict",
            out.resolve("model.safetensors").toString(),
            "--pair",
            a.toString(),
            a.toString());
    assertEquals(1, p.status(), p.out());
    assertTrue(p.err().contains("not a digit-pair model"), p.err());
    assertTrue(p.err().contains("model.safetensors"), p.err());
  }

  /** Writes MNIST image {@code index} as an RGB PNG, each pixel repeated {@code zoom}² times. */
  private static Path png(Tensor images, int index, int zoom, String name) throws Exception {
    int side = 28;
    BufferedImage img = new BufferedImage(side * zoom, side * zoom, BufferedImage.TYPE_INT_RGB);
    float[] d = images.data();
    for (int yy = 0; yy < side * zoom; yy++) {
      for (int xx = 0; xx < side * zoom; xx++) {
        int v = Math.round(d[index * side * side + (yy / zoom) * side + xx / zoom] * 255);
        img.setRGB(xx, yy, (v << 16) | (v << 8) | v);
      }
    }
    Path file = tmp.resolve(name);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** MNIST image {@code index} pooled 2×2 and normalised, into {@code x} at {@code offset}. */
  private static void pool(Tensor images, int index, float[] x, int offset, float mean, float std) {
    float[] d = images.data();
    int base = index * 28 * 28;
    for (int r = 0; r < 14; r++) {
      for (int c = 0; c < 14; c++) {
        int i = base + 2 * r * 28 + 2 * c;
        float v = (d[i] + d[i + 1] + d[i + 28] + d[i + 29]) / 4;
        x[offset + r * 14 + c] = (v - mean) / std;
      }
    }
  }

  private static int argmax(Tensor t) {
    float[] z = t.data();
    int best = 0;
    for (int i = 1; i < z.length; i++) {
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return best;
  }
}
