package dev.tributary.core;

import java.util.Arrays;

/** Shape checks shared by the kernels: one call per kernel, before the loop. */
final class Shapes {
  private Shapes() {}

  static void requireSame(String kernel, Tensor a, String aName, Tensor b, String bName) {
    if (!a.sameShape(b)) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + aName
              + " has shape "
              + Arrays.toString(a.shape())
              + " but "
              + bName
              + " has shape "
              + Arrays.toString(b.shape())
              + "; they must match");
    }
  }

  static void requireMatrix(String kernel, Tensor t, String name) {
    if (t.rank() != 2) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " must be a matrix (rank 2), got shape "
              + Arrays.toString(t.shape()));
    }
  }

  static void requireLength(String kernel, Tensor t, String name, int length) {
    if (t.size() != length) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " has shape "
              + Arrays.toString(t.shape())
              + " ("
              + t.size()
              + " elements); expected "
              + length
              + " elements");
    }
  }
}
