package dev.tributary.core;

import java.util.Arrays;

/**
 * Shape checks of the convolution-family kernels: explicit dimensions (no varargs, so a check
 * allocates nothing unless it fails) and messages that name the kernel, the argument, the shape
 * expected and where it comes from.
 */
final class ConvChecks {
  private ConvChecks() {}

  static void requireGeometry(String kernel, ConvGeometry g) {
    if (g == null) {
      throw new IllegalArgumentException(
          kernel
              + ": the geometry is null; pass new ConvGeometry(channels, height, width, kernel,"
              + " stride, padding)");
    }
  }

  static void requireNonNull(String kernel, Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(kernel + ": " + name + " is null");
    }
  }

  /**
   * Requires {@code t} to be {@code [d0, d1, d2, d3]}; {@code what} says where the sizes come from.
   */
  static void require4(
      String kernel, Tensor t, String name, int d0, int d1, int d2, int d3, String what) {
    requireNonNull(kernel, t, name);
    if (t.rank() != 4 || t.dim(0) != d0 || t.dim(1) != d1 || t.dim(2) != d2 || t.dim(3) != d3) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " has shape "
              + Arrays.toString(t.shape())
              + "; expected ["
              + d0
              + ", "
              + d1
              + ", "
              + d2
              + ", "
              + d3
              + "] ("
              + what
              + ")");
    }
  }

  /** Requires {@code t} to be a vector of {@code length} elements. */
  static void require1(String kernel, Tensor t, String name, int length, String what) {
    requireNonNull(kernel, t, name);
    if (t.rank() != 1 || t.dim(0) != length) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " has shape "
              + Arrays.toString(t.shape())
              + "; expected ["
              + length
              + "] ("
              + what
              + ")");
    }
  }

  /** Requires a rank-4 tensor and returns its batch size, {@code dim(0)}. */
  static int batchOf(String kernel, Tensor t, String name) {
    requireNonNull(kernel, t, name);
    if (t.rank() != 4) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " must be [batch, channels, height, width] (rank 4), got shape "
              + Arrays.toString(t.shape()));
    }
    return t.dim(0);
  }

  static void requireArray(String kernel, float[] a, String name, long length, String what) {
    if (a == null || a.length < length) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " holds "
              + (a == null ? "nothing (null)" : a.length + " floats")
              + "; it needs at least "
              + length
              + " ("
              + what
              + ")");
    }
  }

  static void requireArray(String kernel, int[] a, String name, long length, String what) {
    if (a == null || a.length < length) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + name
              + " holds "
              + (a == null ? "nothing (null)" : a.length + " ints")
              + "; it needs at least "
              + length
              + " ("
              + what
              + ")");
    }
  }
}
