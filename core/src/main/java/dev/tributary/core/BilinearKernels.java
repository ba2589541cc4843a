package dev.tributary.core;

import java.util.Arrays;

/**
 * The bilinear form of two batches of vectors, {@code y[b, k] = x₁[b]ᵀ·W[k]·x₂[b] + bias[k]} with
 * {@code W [out, n₁, n₂]} (the kernels behind {@code torch.nn.Bilinear}), and its gradients.
 *
 * <p>Each pass is one sweep over {@code batch × out × n₁ × n₂} multiply-adds. The innermost loop
 * runs along {@code j}, the last axis of both {@code W[k, i, :]} and {@code x₂[b, :]}, so it reads
 * (and, backward, writes) contiguous rows of the weight, its gradient and {@code dx₂}; the sizes
 * this operator is meant for (two probability vectors of 10 classes) keep the whole weight in L1.
 */
public final class BilinearKernels {
  private BilinearKernels() {}

  /**
   * {@code y[b, k] = bias[k] + Σᵢ Σⱼ x₁[b, i]·W[k, i, j]·x₂[b, j]}; {@code y} is overwritten.
   *
   * @param x1 the first input {@code [B, n₁]}
   * @param x2 the second input {@code [B, n₂]}
   * @param weight {@code [out, n₁, n₂]}
   * @param bias {@code [out]}
   * @param y the output {@code [B, out]}, modified and returned
   * @throws IllegalArgumentException if the sizes do not agree
   */
  public static Tensor forward(Tensor x1, Tensor x2, Tensor weight, Tensor bias, Tensor y) {
    check("forward", x1, x2, weight, y);
    Shapes.requireLength("BilinearKernels.forward", bias, "bias", weight.dim(0));
    int batch = x1.dim(0);
    int out = weight.dim(0);
    int n1 = weight.dim(1);
    int n2 = weight.dim(2);
    float[] a = x1.data();
    float[] c = x2.data();
    float[] w = weight.data();
    float[] bs = bias.data();
    float[] o = y.data();
    for (int b = 0; b < batch; b++) {
      int ab = b * n1;
      int cb = b * n2;
      for (int k = 0; k < out; k++) {
        float sum = bs[k];
        for (int i = 0; i < n1; i++) {
          int row = (k * n1 + i) * n2;
          float s = 0;
          for (int j = 0; j < n2; j++) {
            s += w[row + j] * c[cb + j];
          }
          sum += a[ab + i] * s;
        }
        o[b * out + k] = sum;
      }
    }
    return y;
  }

  /**
   * Adds the gradients of a bilinear form, given {@code dy [B, out]}: {@code dW[k, i, j] += Σ_b
   * dy[b, k]·x₁[b, i]·x₂[b, j]}, {@code dbias[k] += Σ_b dy[b, k]}, {@code dx₁[b, i] += Σ_k dy[b,
   * k]·Σⱼ W[k, i, j]·x₂[b, j]} and {@code dx₂[b, j] += Σ_k dy[b, k]·Σᵢ x₁[b, i]·W[k, i, j]}.
   *
   * @param x1 the forward pass's first input {@code [B, n₁]}
   * @param x2 the forward pass's second input {@code [B, n₂]}
   * @param weight {@code [out, n₁, n₂]}
   * @param dy the gradient of the output {@code [B, out]}
   * @param dWeight added to, shaped as {@code weight}
   * @param dBias added to, {@code [out]}
   * @param dx1 added to, shaped as {@code x1}; {@code null} to skip it
   * @param dx2 added to, shaped as {@code x2}; {@code null} to skip it
   * @throws IllegalArgumentException if the sizes do not agree
   */
  public static void backward(
      Tensor x1,
      Tensor x2,
      Tensor weight,
      Tensor dy,
      Tensor dWeight,
      Tensor dBias,
      Tensor dx1,
      Tensor dx2) {
    check("backward", x1, x2, weight, dy);
    Shapes.requireLength("BilinearKernels.backward", dBias, "dBias", weight.dim(0));
    int batch = x1.dim(0);
    int out = weight.dim(0);
    int n1 = weight.dim(1);
    int n2 = weight.dim(2);
    Shapes.requireSame("BilinearKernels.backward", dWeight, "dWeight", weight, "weight");
    if (dx1 != null) {
      Shapes.requireSame("BilinearKernels.backward", dx1, "dx1", x1, "x1");
    }
    if (dx2 != null) {
      Shapes.requireSame("BilinearKernels.backward", dx2, "dx2", x2, "x2");
    }
    float[] a = x1.data();
    float[] c = x2.data();
    float[] w = weight.data();
    float[] g = dy.data();
    float[] dw = dWeight.data();
    float[] db = dBias.data();
    float[] da = dx1 == null ? null : dx1.data();
    float[] dc = dx2 == null ? null : dx2.data();
    for (int b = 0; b < batch; b++) {
      int ab = b * n1;
      int cb = b * n2;
      for (int k = 0; k < out; k++) {
        float gk = g[b * out + k];
        db[k] += gk;
        for (int i = 0; i < n1; i++) {
          int row = (k * n1 + i) * n2;
          float ga = gk * a[ab + i];
          float s = 0;
          for (int j = 0; j < n2; j++) {
            s += w[row + j] * c[cb + j];
            dw[row + j] += ga * c[cb + j];
          }
          if (da != null) {
            da[ab + i] += gk * s;
          }
          if (dc != null) {
            for (int j = 0; j < n2; j++) {
              dc[cb + j] += ga * w[row + j];
            }
          }
        }
      }
    }
  }

  private static void check(String kernel, Tensor x1, Tensor x2, Tensor weight, Tensor y) {
    String name = "BilinearKernels." + kernel;
    if (weight.rank() != 3) {
      throw new IllegalArgumentException(
          name + ": weight must be [out, n1, n2], got shape " + Arrays.toString(weight.shape()));
    }
    int batch = x1.dim(0);
    if (x2.dim(0) != batch || y.dim(0) != batch) {
      throw new IllegalArgumentException(
          name
              + ": x1, x2 and y must have the same batch size, got "
              + batch
              + ", "
              + x2.dim(0)
              + " and "
              + y.dim(0));
    }
    Shapes.requireLength(name, x1, "x1", batch * weight.dim(1));
    Shapes.requireLength(name, x2, "x2", batch * weight.dim(2));
    Shapes.requireLength(name, y, "y", batch * weight.dim(0));
  }
}
