package dev.tributary.core;

import java.util.Arrays;

/**
 * Batch normalisation over the channel axis, as {@code torch.nn.BatchNorm1d} and {@code
 * BatchNorm2d}: training mode (batch statistics) and evaluation mode (running statistics), forward
 * and backward.
 *
 * <p>x is viewed as {@code [B, C, S]}: {@code C = x.dim(1)} channels and {@code S} the product of
 * the remaining dimensions ({@code H·W} for {@code [B, C, H, W]}, 1 for {@code [B, C]}). Each
 * channel's statistics run over its {@code n = B·S} values: {@code B} contiguous runs of {@code S}.
 *
 * <p>Training: {@code μ = Σx/n}, {@code σ² = Σ(x − μ)²/n} (biased, two passes, accumulated in
 * double), {@code invStd = 1/√(σ² + eps)}, {@code y = (x − μ)·(γ·invStd) + β}. Backward, with
 * {@code x̂ = (x − μ)·invStd}: {@code dx += γ·invStd/n·(n·dy − Σdy − x̂·Σ(dy·x̂))}, {@code dγ += Σ
 * dy·x̂}, {@code dβ += Σ dy} (the sums in double). Evaluation: the same affine map with the running
 * statistics, {@code y = (x − rμ)·γ/√(rσ² + eps) + β}, and its gradient {@code dx += dy·γ/ √(rσ² +
 * eps)}.
 *
 * <p>Paths: the statistics are scalar loops in double; the element-wise passes ({@code y} and
 * {@code dx}) run on the Vector API when it is present ({@link Kernels#vectorized()}), with the
 * same float operations (one fused multiply-add per step) as the scalar loops, so both paths give
 * the same bits. Threads: channels are split into blocks ({@link Blocks}); a channel's sums run in
 * a fixed order on one thread, so results are bitwise the same for any thread count.
 */
public final class BatchNormKernels {
  private static final ThreadLocal<BatchNormJob> JOB = ThreadLocal.withInitial(BatchNormJob::new);

  private BatchNormKernels() {}

  /**
   * Training-mode forward: per channel the batch mean and biased variance (accumulated in double),
   * then {@code y = γ·(x − μ)/√(σ² + eps) + β}. Writes {@code mean[c]}, {@code var[c]} (biased) and
   * {@code invStd[c] = 1/√(var[c] + eps)} for the backward pass and {@link #updateRunning}.
   *
   * @throws IllegalArgumentException if x has rank below 2 or an empty batch, a shape disagrees
   *     with x's channels, or an array is shorter than the channel count
   */
  public static void trainForward(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      float eps,
      Tensor y,
      float[] mean,
      float[] var,
      float[] invStd) {
    String kernel = "BatchNormKernels.trainForward";
    int c = channels(kernel, x);
    requireChannels(kernel, gamma, "gamma", c);
    requireChannels(kernel, beta, "beta", c);
    Shapes.requireSame(kernel, x, "x", y, "y");
    requireStats(kernel, mean, "mean", c);
    requireStats(kernel, var, "var", c);
    requireStats(kernel, invStd, "invStd", c);
    requireEps(kernel, eps);
    BatchNormJob job = JOB.get();
    job.trainForward = true;
    job.x = x.data();
    job.gamma = gamma.data();
    job.beta = beta.data();
    job.eps = eps;
    job.y = y.data();
    job.mean = mean;
    job.var = var;
    job.invStd = invStd;
    job.start(BatchNormJob.FORWARD, x.dim(0), c);
  }

  /**
   * Updates the running statistics after a training-mode forward: {@code runningMean = (1 −
   * m)·runningMean + m·mean} and {@code runningVar = (1 − m)·runningVar + m·var·n/(n − 1)}, with
   * {@code n = B·S} values per channel (PyTorch's unbiased running variance).
   *
   * @throws IllegalArgumentException if {@code n < 2} (the unbiased variance needs two values per
   *     channel), the momentum is outside [0, 1], or a length disagrees
   */
  public static void updateRunning(
      float[] mean, float[] var, int n, float momentum, Tensor runningMean, Tensor runningVar) {
    String kernel = "BatchNormKernels.updateRunning";
    ConvChecks.requireNonNull(kernel, runningMean, "runningMean");
    int c = runningMean.size();
    requireChannels(kernel, runningVar, "runningVar", c);
    requireStats(kernel, mean, "mean", c);
    requireStats(kernel, var, "var", c);
    if (n < 2) {
      throw new IllegalArgumentException(
          kernel
              + ": expected more than 1 value per channel when training, got n = "
              + n
              + "; use a batch of at least 2 (or evaluation mode)");
    }
    if (!(momentum >= 0f && momentum <= 1f)) {
      throw new IllegalArgumentException(
          kernel + ": momentum must be in [0, 1], got " + momentum + "; PyTorch's default is 0.1");
    }
    float[] rm = runningMean.data();
    float[] rv = runningVar.data();
    double unbias = (double) n / (n - 1);
    for (int i = 0; i < c; i++) {
      rm[i] = (1f - momentum) * rm[i] + momentum * mean[i];
      rv[i] = (1f - momentum) * rv[i] + momentum * (float) (var[i] * unbias);
    }
  }

  /**
   * Fused training-mode backward: {@code dx += γ·invStd/n·(n·dy − Σdy − x̂·Σ(dy·x̂))}, {@code
   * dGamma += Σ dy·x̂}, {@code dBeta += Σ dy}, with {@code x̂ = (x − mean)·invStd} and the sums per
   * channel in double; {@code mean} and {@code invStd} are those of the matching {@link
   * #trainForward}.
   *
   * <p>{@code dx} may be null when no one needs the input gradient (then only the parameter
   * gradients are computed).
   *
   * @throws IllegalArgumentException if a shape disagrees with x's or an array is too short
   */
  public static void trainBackward(
      Tensor x,
      Tensor dy,
      Tensor gamma,
      float[] mean,
      float[] invStd,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta) {
    String kernel = "BatchNormKernels.trainBackward";
    int c = checkBackward(kernel, x, dy, dx, gamma, dGamma, dBeta);
    requireStats(kernel, mean, "mean", c);
    requireStats(kernel, invStd, "invStd", c);
    BatchNormJob job = JOB.get();
    job.trainForward = true;
    job.x = x.data();
    job.dy = dy.data();
    job.gamma = gamma.data();
    job.mean = mean;
    job.invStd = invStd;
    job.dx = dx == null ? null : dx.data();
    job.dGamma = dGamma.data();
    job.dBeta = dBeta.data();
    job.start(BatchNormJob.BACKWARD, x.dim(0), c);
  }

  /**
   * Evaluation-mode forward: {@code y = γ·(x − runningMean)/√(runningVar + eps) + β}.
   *
   * @throws IllegalArgumentException if a shape disagrees with x's channels
   */
  public static void evalForward(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor runningMean,
      Tensor runningVar,
      float eps,
      Tensor y) {
    String kernel = "BatchNormKernels.evalForward";
    int c = channels(kernel, x);
    requireChannels(kernel, gamma, "gamma", c);
    requireChannels(kernel, beta, "beta", c);
    requireChannels(kernel, runningMean, "runningMean", c);
    requireChannels(kernel, runningVar, "runningVar", c);
    Shapes.requireSame(kernel, x, "x", y, "y");
    requireEps(kernel, eps);
    BatchNormJob job = JOB.get();
    job.trainForward = false;
    job.x = x.data();
    job.gamma = gamma.data();
    job.beta = beta.data();
    job.mean = runningMean.data();
    job.var = runningVar.data();
    job.eps = eps;
    job.y = y.data();
    job.start(BatchNormJob.FORWARD, x.dim(0), c);
  }

  /**
   * Evaluation-mode backward (an affine map): {@code dx += dy·γ/√(runningVar + eps)}, {@code dGamma
   * += Σ dy·x̂} with {@code x̂ = (x − runningMean)/√(runningVar + eps)}, {@code dBeta += Σ dy}.
   *
   * <p>{@code dx} may be null when no one needs the input gradient.
   *
   * @throws IllegalArgumentException if a shape disagrees with x's
   */
  public static void evalBackward(
      Tensor x,
      Tensor dy,
      Tensor gamma,
      Tensor runningMean,
      Tensor runningVar,
      float eps,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta) {
    String kernel = "BatchNormKernels.evalBackward";
    int c = checkBackward(kernel, x, dy, dx, gamma, dGamma, dBeta);
    requireChannels(kernel, runningMean, "runningMean", c);
    requireChannels(kernel, runningVar, "runningVar", c);
    requireEps(kernel, eps);
    BatchNormJob job = JOB.get();
    job.trainForward = false;
    job.x = x.data();
    job.dy = dy.data();
    job.gamma = gamma.data();
    job.mean = runningMean.data();
    job.var = runningVar.data();
    job.eps = eps;
    job.dx = dx == null ? null : dx.data();
    job.dGamma = dGamma.data();
    job.dBeta = dBeta.data();
    job.start(BatchNormJob.BACKWARD, x.dim(0), c);
  }

  /** The checks both backward passes share; returns the channel count. */
  private static int checkBackward(
      String kernel, Tensor x, Tensor dy, Tensor dx, Tensor gamma, Tensor dGamma, Tensor dBeta) {
    int c = channels(kernel, x);
    Shapes.requireSame(kernel, x, "x", dy, "dy");
    if (dx != null) {
      Shapes.requireSame(kernel, x, "x", dx, "dx");
    }
    requireChannels(kernel, gamma, "gamma", c);
    requireChannels(kernel, dGamma, "dGamma", c);
    requireChannels(kernel, dBeta, "dBeta", c);
    return c;
  }

  private static int channels(String kernel, Tensor x) {
    ConvChecks.requireNonNull(kernel, x, "x");
    if (x.rank() < 2 || x.dim(0) < 1 || x.dim(1) < 1) {
      throw new IllegalArgumentException(
          kernel
              + ": x must be [batch, channels, ...] with batch and channels at least 1, got shape "
              + Arrays.toString(x.shape()));
    }
    return x.dim(1);
  }

  private static void requireChannels(String kernel, Tensor t, String name, int c) {
    ConvChecks.require1(kernel, t, name, c, "one value per channel, x.dim(1)");
  }

  private static void requireStats(String kernel, float[] a, String name, int c) {
    ConvChecks.requireArray(kernel, a, name, c, "one value per channel, x.dim(1)");
  }

  private static void requireEps(String kernel, float eps) {
    if (!(eps > 0f) || Float.isInfinite(eps)) {
      throw new IllegalArgumentException(
          kernel + ": eps must be positive and finite, got " + eps + "; PyTorch's default is 1e-5");
    }
  }
}
