package dev.tributary.graph.train;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import dev.tributary.graph.io.IdxFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Digit pairs, the seed course's first project: is the first of two handwritten digits less than or
 * equal to the second? Built from MNIST images with the course's semantics:
 *
 * <ul>
 *   <li>every image is average-pooled 2×2 (28×28 → 14×14) once, when the pools are made;
 *   <li>a set of {@code n} pairs takes {@code 2n} distinct images of its pool at random (a seeded
 *       Fisher–Yates shuffle of the pool; pair {@code i} is shuffled images {@code 2i} and {@code
 *       2i + 1}), so no image is used twice within a set;
 *   <li>training pairs come only from the training pool and test pairs only from the test pool (for
 *       the shipped 10 000 digits: the first 5 000 and the last 5 000, {@link #split});
 *   <li>the input is normalised with the mean and the standard deviation (unbiased, as {@code
 *       torch.std}) of the training set's input only, and the same two numbers are applied to the
 *       test set: {@code x' = (x − mean) / std}.
 * </ul>
 *
 * <p>Each set is a {@link Dataset} with the feature {@value #INPUT} {@code [n, 2, 14, 14]} (channel
 * 0 the first digit, channel 1 the second) and three targets, each {@code [n, 1]}: {@value
 * #COMPARISON} (1 when the first digit ≤ the second, else 0: for {@code BCEWithLogitsLoss}),
 * {@value #FIRST_DIGIT} and {@value #SECOND_DIGIT} (the two digits' classes 0–9 as class indices:
 * for the auxiliary {@code CrossEntropyLoss}es).
 */
public final class DigitPairs {
  /** The input's name: the two pooled digits, {@code [n, 2, 14, 14]}. */
  public static final String INPUT = Dataset.FEATURES;

  /** The comparison target's name: 1 when the first digit ≤ the second, {@code [n, 1]}. */
  public static final String COMPARISON = Dataset.TARGETS;

  /** The first digit's class (0–9) as a class index, {@code [n, 1]}. */
  public static final String FIRST_DIGIT = "digit1";

  /** The second digit's class (0–9) as a class index, {@code [n, 1]}. */
  public static final String SECOND_DIGIT = "digit2";

  /** The number of digit classes. */
  public static final int CLASSES = 10;

  private final Pool train;
  private final Pool test;

  /**
   * Makes the pools from separate training and test images (e.g. the full MNIST files: {@code
   * train-*} and {@code t10k-*}), each {@code [count, 1, rows, cols]} with even rows and columns,
   * and their labels 0–9.
   *
   * @throws IllegalArgumentException if a shape is not {@code [count, 1, even, even]}, the two
   *     pools' image sizes differ, a label count differs from its image count, or a label is not
   *     0–9 (the message names the pool and the index)
   */
  public DigitPairs(Tensor trainImages, int[] trainLabels, Tensor testImages, int[] testLabels) {
    this.train = new Pool("training", trainImages, trainLabels, 0, trainLabels.length);
    this.test = new Pool("test", testImages, testLabels, 0, testLabels.length);
    if (train.rows != test.rows || train.cols != test.cols) {
      throw new IllegalArgumentException(
          String.format(
              "DigitPairs: training images are %d×%d but test images are %d×%d; use one size",
              2 * train.rows, 2 * train.cols, 2 * test.rows, 2 * test.cols));
    }
  }

  private DigitPairs(Pool train, Pool test) {
    this.train = train;
    this.test = test;
  }

  /**
   * Splits one set of images into a training pool (the first {@code trainPool} images) and a test
   * pool (the rest): for the shipped 10 000 digits, {@code split(images, labels, 5000)}.
   *
   * @throws IllegalArgumentException if {@code trainPool} leaves a pool empty, or the images or
   *     labels are invalid as in {@link #DigitPairs(Tensor, int[], Tensor, int[])}
   */
  public static DigitPairs split(Tensor images, int[] labels, int trainPool) {
    if (trainPool < 1 || trainPool >= labels.length) {
      throw new IllegalArgumentException(
          "DigitPairs: training pool of "
              + trainPool
              + " images out of "
              + labels.length
              + "; pass 1 to "
              + (labels.length - 1)
              + " so both pools have images");
    }
    return new DigitPairs(
        new Pool("training", images, labels, 0, trainPool),
        new Pool("test", images, labels, trainPool, labels.length));
  }

  /**
   * Reads an IDX image file and its label file (gzip or plain) and splits them in halves: the first
   * half is the training pool, the second the test pool (the shipped {@code
   * examples/data/mnist-10k}: 5 000 and 5 000).
   *
   * @throws IOException if a file cannot be read or is not a valid IDX file (names the file)
   * @throws IllegalArgumentException if the counts differ or a label is not 0–9
   */
  public static DigitPairs readHalves(Path images, Path labels) throws IOException {
    int[] y = IdxFile.readLabels(labels);
    return split(IdxFile.readImages(images), y, y.length / 2);
  }

  /** Returns the number of images in the training pool. */
  public int trainPoolSize() {
    return train.size();
  }

  /** Returns the number of images in the test pool. */
  public int testPoolSize() {
    return test.size();
  }

  /**
   * Draws {@code trainPairs} training pairs from the training pool and {@code testPairs} test pairs
   * from the test pool, normalised with the training input's mean and standard deviation. The same
   * pools, counts and seed give bitwise the same sets.
   *
   * @throws IllegalArgumentException if a count is below 1 or needs more than the pool's images
   *     ({@code 2n} distinct images for {@code n} pairs), or the training input is constant
   */
  public Sets generate(int trainPairs, int testPairs, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    int[] trainIndex = train.draw(trainPairs, root.split());
    int[] testIndex = test.draw(testPairs, root.split());
    Tensor trainX = train.input(trainIndex);
    Tensor testX = test.input(testIndex);
    float[] stats = meanStd(trainX.data());
    normalise(trainX.data(), stats[0], stats[1]);
    normalise(testX.data(), stats[0], stats[1]);
    return new Sets(
        train.dataset(trainX, trainIndex),
        test.dataset(testX, testIndex),
        stats[0],
        stats[1],
        trainIndex,
        testIndex);
  }

  /** {@code [mean, std]} of {@code x}, the std unbiased (divided by {@code n − 1}), in double. */
  static float[] meanStd(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    double mean = sum / x.length;
    double squares = 0;
    for (float v : x) {
      squares += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(squares / (x.length - 1));
    if (!(std > 0)) {
      throw new IllegalArgumentException(
          "DigitPairs: the training input is constant (std 0); the images cannot be normalised");
    }
    return new float[] {(float) mean, (float) std};
  }

  private static void normalise(float[] x, float mean, float std) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - mean) / std;
    }
  }

  /** A training and a test set of pairs, with the normalisation taken from the training set. */
  public static final class Sets {
    private final Dataset train;
    private final Dataset test;
    private final float mean;
    private final float std;
    private final int[] trainImages;
    private final int[] testImages;

    Sets(Dataset train, Dataset test, float mean, float std, int[] trainImages, int[] testImages) {
      this.train = train;
      this.test = test;
      this.mean = mean;
      this.std = std;
      this.trainImages = trainImages.clone();
      this.testImages = testImages.clone();
    }

    /**
     * Returns the training pairs: feature {@value DigitPairs#INPUT}, targets {@value
     * DigitPairs#COMPARISON}, {@value #FIRST_DIGIT}, {@value DigitPairs#SECOND_DIGIT}.
     */
    public Dataset train() {
      return train;
    }

    /** Returns the test pairs, normalised with the training set's mean and std. */
    public Dataset test() {
      return test;
    }

    /** Returns the training input's mean pixel, before normalisation. */
    public float mean() {
      return mean;
    }

    /** Returns the training input's standard deviation (unbiased), before normalisation. */
    public float std() {
      return std;
    }

    /**
     * Returns, for training pair {@code i}, entries {@code 2i} and {@code 2i + 1}: the two images'
     * indices in the training pool (a copy).
     */
    public int[] trainImages() {
      return trainImages.clone();
    }

    /** Returns the same for the test pairs, indices in the test pool (a copy). */
    public int[] testImages() {
      return testImages.clone();
    }
  }

  /** One pool: its images pooled 2×2 and its labels. */
  private static final class Pool {
    private final String name;
    private final float[] pooled;
    private final int[] labels;
    private final int rows;
    private final int cols;

    Pool(String name, Tensor images, int[] allLabels, int from, int to) {
      this.name = name;
      int[] shape = images.shape();
      if (shape.length != 4 || shape[1] != 1 || shape[2] % 2 != 0 || shape[3] % 2 != 0) {
        throw new IllegalArgumentException(
            "DigitPairs: "
                + name
                + " images have shape "
                + Arrays.toString(shape)
                + "; expected [count, 1, rows, cols] with even rows and cols (MNIST: [n, 1, 28,"
                + " 28], as IdxFile.readImages gives)");
      }
      if (shape[0] != allLabels.length) {
        throw new IllegalArgumentException(
            String.format(
                "DigitPairs: %d %s images but %d labels; pass one label per image",
                shape[0], name, allLabels.length));
      }
      this.labels = Arrays.copyOfRange(allLabels, from, to);
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= CLASSES) {
          throw new IllegalArgumentException(
              String.format(
                  "DigitPairs: %s label %d is %d; digit labels are 0 to 9",
                  name, from + i, labels[i]));
        }
      }
      this.rows = shape[2] / 2;
      this.cols = shape[3] / 2;
      this.pooled = averagePool(images.data(), from, to, shape[2], shape[3]);
    }

    int size() {
      return labels.length;
    }

    /** A seeded Fisher–Yates shuffle of the pool's indices; the first {@code 2n} form the pairs. */
    int[] draw(int pairs, SplittableRandom rng) {
      if (pairs < 1 || 2L * pairs > labels.length) {
        throw new IllegalArgumentException(
            String.format(
                "DigitPairs: %d %s pairs need %d distinct images but the %s pool has %d; pass 1"
                    + " to %d pairs",
                pairs, name, 2L * pairs, name, labels.length, labels.length / 2));
      }
      int[] order = new int[labels.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return Arrays.copyOf(order, 2 * pairs);
    }

    /** The pairs' input {@code [n, 2, rows, cols]}, not yet normalised. */
    Tensor input(int[] index) {
      int area = rows * cols;
      float[] x = new float[index.length * area];
      for (int k = 0; k < index.length; k++) {
        System.arraycopy(pooled, index[k] * area, x, k * area, area);
      }
      return Tensor.of(x, index.length / 2, 2, rows, cols);
    }

    Dataset dataset(Tensor x, int[] index) {
      int n = index.length / 2;
      float[] le = new float[n];
      float[] first = new float[n];
      float[] second = new float[n];
      for (int i = 0; i < n; i++) {
        first[i] = labels[index[2 * i]];
        second[i] = labels[index[2 * i + 1]];
        le[i] = first[i] <= second[i] ? 1f : 0f;
      }
      return Dataset.of(
          ImmutableMap.of(INPUT, x),
          ImmutableMap.of(
              COMPARISON,
              Tensor.of(le, n, 1),
              FIRST_DIGIT,
              Tensor.of(first, n, 1),
              SECOND_DIGIT,
              Tensor.of(second, n, 1)));
    }
  }

  /**
   * Images {@code [from, to)} of {@code [count, 1, h, w]} pixels, each average-pooled 2×2: {@code
   * y[r, c] = (x[2r, 2c] + x[2r, 2c+1] + x[2r+1, 2c] + x[2r+1, 2c+1]) / 4} (PyTorch's {@code
   * avg_pool2d(x, 2)}). A one-time data preparation step, not a training kernel.
   */
  static float[] averagePool(float[] images, int from, int to, int h, int w) {
    int ph = h / 2;
    int pw = w / 2;
    float[] out = new float[(to - from) * ph * pw];
    int o = 0;
    for (int n = from; n < to; n++) {
      int base = n * h * w;
      for (int r = 0; r < ph; r++) {
        int top = base + 2 * r * w;
        int bottom = top + w;
        for (int c = 0; c < pw; c++) {
          out[o++] =
              (images[top + 2 * c]
                      + images[top + 2 * c + 1]
                      + images[bottom + 2 * c]
                      + images[bottom + 2 * c + 1])
                  / 4f;
        }
      }
    }
    return out;
  }
}
