package dev.tributary.core;

/**
 * Per-thread packing buffers of the matrix-product kernels. They grow to the largest size asked for
 * and are then reused, so steady-state products allocate nothing.
 */
final class Workspace {
  private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  private float[] tile = new float[0];
  private float[][] rows = new float[0][];
  private float[][] accumulators = new float[0][];

  /** Returns the calling thread's workspace. */
  static Workspace local() {
    return LOCAL.get();
  }

  float[] packedA(int size) {
    if (packedA.length < size) {
      packedA = new float[size];
    }
    return packedA;
  }

  float[] packedB(int size) {
    if (packedB.length < size) {
      packedB = new float[size];
    }
    return packedB;
  }

  /** Returns at least {@code count} rows of at least {@code length} floats each. */
  float[][] rows(int count, int length) {
    if (rows.length < count || (count > 0 && rows[0].length < length)) {
      rows = new float[count][length];
    }
    return rows;
  }

  /** Returns at least {@code count} scratch rows of at least {@code length} floats each. */
  float[][] accumulators(int count, int length) {
    if (accumulators.length < count || (count > 0 && accumulators[0].length < length)) {
      accumulators = new float[count][length];
    }
    return accumulators;
  }

  float[] tile(int size) {
    if (tile.length < size) {
      tile = new float[size];
    }
    return tile;
  }
}
