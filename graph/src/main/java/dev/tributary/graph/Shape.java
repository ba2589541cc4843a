package dev.tributary.graph;

import java.util.Arrays;

/**
 * The shape of one sample, without the batch axis: {@code [features]} for vectors, {@code
 * [channels, height, width]} for images. Tensors in a network are batch-first, so a node of shape
 * {@code [16, 12, 12]} holds a {@code [batch, 16, 12, 12]} tensor. Immutable; compares by value.
 */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  /**
   * Returns the shape with the given dimensions.
   *
   * @throws IllegalArgumentException if there are no dimensions, a dimension is not positive, or
   *     the element count does not fit an int
   */
  public static Shape of(int... dims) {
    if (dims == null || dims.length == 0) {
      throw new IllegalArgumentException("a shape needs at least one dimension, e.g. [2]");
    }
    long size = 1;
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(dims) + " has a dimension ≤ 0; every size must be positive");
      }
      size *= d;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(dims) + " holds more elements than one array can");
      }
    }
    return new Shape(dims.clone());
  }

  /** Returns the number of dimensions (1 for vectors, 3 for images). */
  public int rank() {
    return dims.length;
  }

  /** Returns dimension {@code axis}. */
  public int dim(int axis) {
    return dims[axis];
  }

  /** Returns a copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** Returns the number of elements of one sample, the product of the dimensions. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  /** Returns the batch-first tensor shape {@code [batch, dims...]}. */
  public int[] withBatch(int batch) {
    int[] shape = new int[dims.length + 1];
    shape[0] = batch;
    System.arraycopy(dims, 0, shape, 1, dims.length);
    return shape;
  }

  /** Returns the shape as a product for messages, e.g. {@code 32×4×4}. */
  public String product() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "×").append(dims[i]);
    }
    return sb.toString();
  }

  /** Returns the batch-first form for tables, e.g. {@code [B, 16, 12, 12]}. */
  public String batched() {
    StringBuilder sb = new StringBuilder("[B");
    for (int d : dims) {
      sb.append(", ").append(d);
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape that && Arrays.equals(dims, that.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Returns the dimensions, e.g. {@code [16, 12, 12]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
