package dev.tributary.core;

/**
 * The two implementations of the matrix-product kernels: {@link #VECTOR}, written with the
 * incubating Vector API ({@code jdk.incubator.vector}), and {@link #SCALAR}, plain Java loops that
 * the JIT auto-vectorises. {@link Kernels#active()} says which one {@link MatMul} uses; tests and
 * benchmarks call a path explicitly through {@link #multiply} and {@link #multiplyAdd}.
 */
public enum KernelPath {
  /** Cache-blocked, register-tiled plain Java loops; always available. */
  SCALAR,
  /**
   * A Vector API micro-kernel on packed panels; available when the JVM was started with {@code
   * --add-modules jdk.incubator.vector}.
   */
  VECTOR;

  /** Returns whether this path can run in this JVM. */
  public boolean available() {
    return this == SCALAR || Kernels.vectorized();
  }

  /**
   * {@code c = op(a)·op(b)} on this path, where {@code op} transposes as {@code layout} says.
   *
   * @throws IllegalArgumentException if the shapes do not agree or {@code c} aliases an operand
   * @throws UnsupportedOperationException if this path is not {@link #available()}
   */
  public Tensor multiply(Layout layout, Tensor a, Tensor b, Tensor c) {
    return MatMul.run(Kernels.kernel(this), layout, a, b, c, false);
  }

  /**
   * {@code c += op(a)·op(b)} on this path, where {@code op} transposes as {@code layout} says.
   *
   * @throws IllegalArgumentException if the shapes do not agree or {@code c} aliases an operand
   * @throws UnsupportedOperationException if this path is not {@link #available()}
   */
  public Tensor multiplyAdd(Layout layout, Tensor a, Tensor b, Tensor c) {
    return MatMul.run(Kernels.kernel(this), layout, a, b, c, true);
  }
}
