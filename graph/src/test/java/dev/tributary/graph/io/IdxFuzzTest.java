package dev.tributary.graph.io;

import static dev.tributary.graph.io.IdxFixtures.gzip;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the IDX reader ({@link IdxFile}) with mutated real MNIST files, plain and gzip: bit
 * flips, random bytes, truncations, insertions, and lying headers (a dimension set to 2³¹ − 1 or a
 * random int, a wrong type byte or rank), the lie applied before or after compression. The only
 * outcomes allowed are an {@link IdxFile} or an {@link IdxFormatException} with a message; no other
 * exception, no hang, and no allocation beyond a bound proportional to the real data (a header that
 * claims gigabytes must not allocate them).
 *
 * <p>Each try reads from memory through the same code as {@link IdxFile#read(Path)} after it opens
 * the file. Tries: jqwik's default ({@code junit-platform.properties}); the long run of
 * docs/reliability.md is {@code -Djqwik.tries.default=1000000}.
 */
class IdxFuzzTest {
  /** A try using more CPU time than this counts as a hang. */
  private static final long HANG_NANOS = 2_000_000_000L;

  /**
   * The calling thread's CPU time: a hang burns CPU, while on a loaded machine a try can wait
   * seconds for a core (the 10⁶-try runs at {@code nice} did) without hanging.
   */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Allocation allowed per read: a constant plus a multiple of the largest uncompressed seed. */
  private static final long ALLOCATION_BASE_BYTES = 16L << 20;

  private static final long ALLOCATION_BYTES_PER_SEED_BYTE = 200;

  private static final int[] MAGICS = {0, IdxFile.IMAGES_MAGIC, IdxFile.LABELS_MAGIC};
  private static final Path NAME = Path.of("fuzz.idx");

  /** Plain IDX seeds: 6 real images and 20 real labels. */
  private static final List<byte[]> SEEDS = new ArrayList<>();

  private static long largestSeed;

  @BeforeContainer
  static void loadSeeds() throws IOException {
    IdxFile images = IdxFile.read(IdxFixtures.MNIST.resolve("images-idx3-ubyte.gz"));
    IdxFile labels = IdxFile.read(IdxFixtures.MNIST.resolve("labels-idx1-ubyte.gz"));
    SEEDS.add(IdxFixtures.ubyte(new int[] {6, 28, 28}, Arrays.copyOf(images.bytes(), 6 * 784)));
    SEEDS.add(IdxFixtures.ubyte(new int[] {20}, Arrays.copyOf(labels.bytes(), 20)));
    for (byte[] seed : SEEDS) {
      largestSeed = Math.max(largestSeed, seed.length);
    }
  }

  @Property(seed = "1813")
  void read_mutatedIdxFile_givesIdxFileOrIdxFormatException(@ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] bytes = mutate(SEEDS.get(rng.nextInt(SEEDS.size())), rng);
    int magic = MAGICS[rng.nextInt(MAGICS.length)];
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = bean.getCurrentThreadAllocatedBytes();
    long start = cpuNanos();
    try {
      IdxFile f = IdxFile.read(NAME, new ByteArrayInputStream(bytes), bytes.length, magic);
      assertTrue(f.count() > 0);
    } catch (IdxFormatException e) {
      assertTrue(e.getMessage() != null && e.getMessage().startsWith(NAME + ": "), e.toString());
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      fail("unexpected " + e + " for a mutated IDX file (seed " + seed + ")", e);
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertTrue(cpuNanos() - start < HANG_NANOS, "read took too long, seed " + seed);
    long bound = ALLOCATION_BASE_BYTES + ALLOCATION_BYTES_PER_SEED_BYTE * largestSeed;
    assertTrue(allocated <= bound, "read allocated " + allocated + " bytes, seed " + seed);
  }

  /** One to three edits of the plain file; then, half the time, gzip and maybe edit the gzip. */
  static byte[] mutate(byte[] plain, SplittableRandom rng) {
    byte[] b = edit(plain, rng);
    if (rng.nextBoolean()) {
      b = gzip(b);
      if (rng.nextInt(3) == 0) {
        b = edit(b, rng);
      }
    }
    return b;
  }

  private static byte[] edit(byte[] original, SplittableRandom rng) {
    byte[] b = original.clone();
    int edits = 1 + rng.nextInt(3);
    for (int k = 0; k < edits && b.length > 0; k++) {
      switch (rng.nextInt(6)) {
        case 0 -> {
          int bit = rng.nextInt(b.length * 8);
          b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        case 1 -> b[rng.nextInt(Math.min(b.length, 24))] = (byte) rng.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
        case 3 -> {
          int at = rng.nextInt(b.length);
          byte[] longer = new byte[b.length + 1 + rng.nextInt(16)];
          System.arraycopy(b, 0, longer, 0, at);
          System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
          b = longer;
        }
        case 4 -> lieAboutDimension(b, rng);
        default -> b = truncateToHeader(b, rng);
      }
    }
    return b;
  }

  /** Sets one dimension of the header to 2³¹ − 1, a large power of two or a random int. */
  private static void lieAboutDimension(byte[] b, SplittableRandom rng) {
    int rank = b.length >= 4 ? Math.min(b[3] & 0xff, 4) : 0;
    if (rank == 0 || b.length < 4 + 4 * rank) {
      return;
    }
    int which = rng.nextInt(rank);
    int[] lies = {Integer.MAX_VALUE, 1 << (16 + rng.nextInt(15)), rng.nextInt()};
    ByteBuffer.wrap(b).putInt(4 + 4 * which, lies[rng.nextInt(lies.length)]);
  }

  /** Keeps the header (and a few data bytes): a file that claims much more than it holds. */
  private static byte[] truncateToHeader(byte[] b, SplittableRandom rng) {
    return Arrays.copyOf(b, Math.min(b.length, 16 + rng.nextInt(8)));
  }
}
