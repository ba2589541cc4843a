package dev.tributary.core;

import java.util.Arrays;

/**
 * A dense, row-major float32 tensor backed by one {@code float[]}.
 *
 * <p>The element at index {@code (i0, i1, ..., ir)} lives at {@code data()[((i0 * d1 + i1) * d2 +
 * i2) ...]}. {@link #get} and {@link #set} check their indices; the kernels in this package work on
 * {@link #data()} directly and check only shapes, once per call.
 *
 * <p>Tensors are mutable and not thread-safe. Two tensors are {@link #equals equal} when they have
 * the same shape and the same elements (compared as {@link Float#compare floats}, so {@code NaN}
 * equals {@code NaN}).
 */
public final class Tensor {
  private static final int TO_STRING_LIMIT = 8;

  private final int[] shape;
  private final float[] data;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Returns a tensor of the given shape filled with zeros.
   *
   * @throws IllegalArgumentException if a dimension is negative or the element count overflows
   */
  public static Tensor zeros(int... shape) {
    int[] copy = checkedShape(shape);
    return new Tensor(new float[elementCount(copy)], copy);
  }

  /**
   * Wraps {@code data} (no copy) as a tensor of the given shape.
   *
   * @throws IllegalArgumentException if {@code data.length} is not the product of {@code shape}, or
   *     a dimension is negative
   */
  public static Tensor of(float[] data, int... shape) {
    if (data == null) {
      throw new IllegalArgumentException("Tensor.of: data is null; pass a float[] of the shape");
    }
    int[] copy = checkedShape(shape);
    long count = elementCount(copy);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "Tensor.of: shape "
              + Arrays.toString(copy)
              + " holds "
              + count
              + " elements but data has "
              + data.length
              + "; pass a shape whose product is "
              + data.length);
    }
    return new Tensor(data, copy);
  }

  /**
   * Returns a {@code [rows, cols]} tensor whose rows are copies of {@code rows}.
   *
   * @throws IllegalArgumentException if the rows have different lengths or there are none
   */
  public static Tensor ofRows(float[]... rows) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("Tensor.ofRows: no rows given; pass at least one row");
    }
    int cols = rows[0].length;
    float[] data = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException(
            "Tensor.ofRows: row " + i + " has " + rows[i].length + " values; row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return new Tensor(data, new int[] {rows.length, cols});
  }

  private static int[] checkedShape(int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException("shape is null; pass the dimensions, e.g. (100, 2)");
    }
    int[] copy = shape.clone();
    long count = 1;
    for (int d : copy) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(copy) + " has a negative dimension");
      }
      count *= d;
      if (count > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(copy) + " has more elements than a Java array can hold");
      }
    }
    return copy;
  }

  private static int elementCount(int[] shape) {
    int count = 1;
    for (int d : shape) {
      count *= d;
    }
    return count;
  }

  /** Returns a copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Returns the number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Returns the number of elements (the product of the shape). */
  public int size() {
    return data.length;
  }

  /**
   * Returns the extent of one dimension.
   *
   * @throws IllegalArgumentException if {@code axis} is not in {@code [0, rank())}
   */
  public int dim(int axis) {
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for shape " + Arrays.toString(shape));
    }
    return shape[axis];
  }

  /**
   * Returns the number of rows of a matrix: {@code dim(0)}; a rank-1 tensor is one row.
   *
   * @throws IllegalArgumentException if the tensor is a scalar (rank 0)
   */
  public int rows() {
    requireMatrixLike();
    return shape.length == 1 ? 1 : shape[0];
  }

  /**
   * Returns the number of columns of a matrix: the product of all dimensions but the first; for a
   * rank-1 tensor, its length.
   *
   * @throws IllegalArgumentException if the tensor is a scalar (rank 0)
   */
  public int cols() {
    requireMatrixLike();
    return shape.length == 1 ? shape[0] : (shape[0] == 0 ? 0 : data.length / shape[0]);
  }

  private void requireMatrixLike() {
    if (shape.length == 0) {
      throw new IllegalArgumentException("a scalar tensor has no rows or columns");
    }
  }

  /** Returns the live backing array: writes to it change this tensor. */
  public float[] data() {
    return data;
  }

  /**
   * Returns the element at the given index.
   *
   * @throws IllegalArgumentException if the index has the wrong rank or is out of bounds
   */
  public float get(int... index) {
    return data[offset(index)];
  }

  /**
   * Sets the element at the given index.
   *
   * @throws IllegalArgumentException if the index has the wrong rank or is out of bounds
   */
  public void set(float value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int[] index) {
    if (index == null || index.length != shape.length) {
      throw new IllegalArgumentException(
          "index "
              + Arrays.toString(index)
              + " has "
              + (index == null ? 0 : index.length)
              + " components; shape "
              + Arrays.toString(shape)
              + " needs "
              + shape.length);
    }
    int offset = 0;
    for (int axis = 0; axis < shape.length; axis++) {
      int i = index[axis];
      if (i < 0 || i >= shape[axis]) {
        throw new IllegalArgumentException(
            "index "
                + Arrays.toString(index)
                + " is out of bounds for shape "
                + Arrays.toString(shape)
                + " (axis "
                + axis
                + ")");
      }
      offset = offset * shape[axis] + i;
    }
    return offset;
  }

  /** Returns a deep copy: same shape, its own array. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  /**
   * Returns whether {@code other} has this tensor's shape.
   *
   * @param other any tensor
   */
  public boolean sameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  /**
   * Copies {@code source}'s elements into this tensor.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public void copyFrom(Tensor source) {
    if (!sameShape(source)) {
      throw new IllegalArgumentException(
          "copyFrom: source shape "
              + Arrays.toString(source.shape)
              + " differs from "
              + Arrays.toString(shape));
    }
    System.arraycopy(source.data, 0, data, 0, data.length);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tensor other)) {
      return false;
    }

    return Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /** Returns a short description: the shape and the first few elements. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(" [");
    int n = Math.min(data.length, TO_STRING_LIMIT);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(data[i]);
    }
    if (data.length > n) {
      sb.append(", ... (").append(data.length - n).append(" more)");
    }
    return sb.append(']').toString();
  }
}
