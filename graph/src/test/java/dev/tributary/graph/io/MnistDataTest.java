package dev.tributary.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The shipped MNIST subset ({@code examples/data/mnist-10k}): checksums, attribution, contents. */
class MnistDataTest {
  private static final String IMAGES_SHA256 =
      "82dc833b7e4809403271531a70e328b57d69a3c73cfa216259b5aeb8e943f5a7";
  private static final String LABELS_SHA256 =
      "a490d0fd5c3b1e7f3e82768b8158ad98093ce4f44d4a6415091099173f4501bd";

  /** Per-class counts given in the data's README. */
  private static final int[] PER_CLASS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void files_sha256_matchTheReadme() throws Exception {
    assertEquals(IMAGES_SHA256, sha256(IdxFixtures.MNIST.resolve("images-idx3-ubyte.gz")));
    assertEquals(LABELS_SHA256, sha256(IdxFixtures.MNIST.resolve("labels-idx1-ubyte.gz")));
    String readme = Files.readString(IdxFixtures.MNIST.resolve("README.md"));
    assertTrue(readme.contains(IMAGES_SHA256) && readme.contains(LABELS_SHA256));
    assertTrue(readme.contains("CC BY-SA 3.0") && readme.contains("Juan Cazala"), "attribution");
  }

  @Test
  void readLabels_shipped_perClassCountsOfTheReadme() throws IOException {
    int[] labels = IdxFile.readLabels(IdxFixtures.MNIST.resolve("labels-idx1-ubyte.gz"));
    int[] counts = new int[10];
    for (int label : labels) {
      counts[label]++;
    }
    assertArrayEquals(PER_CLASS, counts);
  }

  @Test
  void readImages_shipped_tenThousandDigitsInUnitRange() throws IOException {
    Tensor x = IdxFile.readImages(IdxFixtures.MNIST.resolve("images-idx3-ubyte.gz"));
    assertArrayEquals(new int[] {10_000, 1, 28, 28}, x.shape());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    double sum = 0;
    for (float v : x.data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    double mean = sum / x.size();
    // MNIST's mean pixel is about 0.13 (the usual normalisation constant 0.1307).
    assertTrue(mean > 0.12 && mean < 0.14, "mean pixel " + mean);
  }
}
