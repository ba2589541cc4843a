package dev.tributary.graph.op;

import dev.tributary.core.BatchNormKernels;
import dev.tributary.core.Init;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Shape;
import java.util.List;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: PyTorch's batch normalisation over the
 * batch (and the image positions), per channel, with eps 1e-5 and momentum 0.1.
 *
 * <p>Training mode: {@code y = γ·(x − μ_B)/√(σ²_B + eps) + β} with the batch mean and biased
 * variance, and the running estimates move towards them, {@code r ← (1 − m)·r + m·stat} (the
 * variance unbiased, {@code σ²_B·n/(n − 1)}); {@code num_batches_tracked} counts the steps.
 * Evaluation mode: the same map with the running mean and variance.
 *
 * <p>Backward (training): {@code dx += γ·invStd/n·(n·dy − Σdy − x̂·Σ(dy·x̂))}, {@code dγ += Σ
 * dy·x̂}, {@code dβ += Σ dy}, with sums over the {@code n} values of a channel; it saves the batch
 * mean and {@code 1/√(σ² + eps)} in scratch arrays. Evaluation mode is an affine map: {@code dx +=
 * dy·γ/√(r_var + eps)}.
 *
 * @param <T> the concrete operator type
 */
abstract class BatchNorm<T extends BatchNorm<T>> extends Layer<T> {
  static final float EPS = 1e-5f;
  static final float MOMENTUM = 0.1f;

  final int channels;

  BatchNorm(int channels, T shared) {
    super(shared);
    if (channels <= 0) {
      throw new IllegalArgumentException(
          "BatchNorm needs a positive channel count, got " + channels);
    }
    this.channels = channels;
  }

  @Override
  public final Arity arity() {
    return Arity.ONE;
  }

  @Override
  protected final List<ParameterSpec> ownParameters() {
    return List.of(
        ParameterSpec.of("weight", Init.ONES, channels),
        ParameterSpec.of("bias", Init.ZEROS, channels));
  }

  @Override
  protected final List<BufferSpec> ownBuffers() {
    return List.of(
        new BufferSpec("running_mean", new int[] {channels}, 0f, false),
        new BufferSpec("running_var", new int[] {channels}, 1f, false),
        new BufferSpec("num_batches_tracked", new int[0], 0f, true));
  }

  @Override
  public final Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    return checkInput(node, predecessors, inputs.get(0));
  }

  abstract Shape checkInput(String node, List<String> predecessors, Shape in);

  @Override
  public final Scratch scratch(Object plan, List<Shape> inputs, Shape output, int batch) {
    return new Scratch(new int[] {channels, channels, channels}, new int[0]);
  }

  @Override
  public final void forward(OpContext ctx) {
    Tensor x = ctx.input(0);
    if (ctx.training()) {
      float[] mean = ctx.scratch(0);
      float[] var = ctx.scratch(1);
      BatchNormKernels.trainForward(
          x, ctx.param(0), ctx.param(1), EPS, ctx.output(), mean, var, ctx.scratch(2));
      int n = x.size() / channels;
      BatchNormKernels.updateRunning(mean, var, n, MOMENTUM, ctx.buffer(0), ctx.buffer(1));
      ctx.buffer(2).data()[0] += 1f;
    } else {
      BatchNormKernels.evalForward(
          x, ctx.param(0), ctx.param(1), ctx.buffer(0), ctx.buffer(1), EPS, ctx.output());
    }
  }

  @Override
  public final void backward(OpContext ctx) {
    Tensor dx = ctx.gradInput(0);
    if (ctx.training()) {
      BatchNormKernels.trainBackward(
          ctx.input(0),
          ctx.gradOutput(),
          ctx.param(0),
          ctx.scratch(0),
          ctx.scratch(2),
          dx,
          ctx.paramGrad(0),
          ctx.paramGrad(1));
    } else {
      BatchNormKernels.evalBackward(
          ctx.input(0),
          ctx.gradOutput(),
          ctx.param(0),
          ctx.buffer(0),
          ctx.buffer(1),
          EPS,
          dx,
          ctx.paramGrad(0),
          ctx.paramGrad(1));
    }
  }

  @Override
  public final String describe() {
    return shared(type() + " " + channels);
  }
}
