package dev.tributary.graph.torch;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import dev.tributary.graph.torch.Torch.Mode;
import dev.tributary.graph.torch.Torch.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequential convolutional network evaluated by libtorch, with a loss: the whole-network
 * reference. Parameters and buffers are passed by PyTorch's state_dict names and layouts ({@code
 * conv1.weight [O, C, k, k]}, {@code conv1.bias [O]}, {@code fc.weight [out, in]}, {@code
 * bn.running_mean [C]}, ...), so the same arrays feed our network and this one.
 *
 * <pre>{@code
 * TorchNet net = new TorchNet(List.of(
 *     TorchNet.conv2d("conv1", 1, 4, 3, 1, 0), TorchNet.Act.RELU, TorchNet.maxPool2d(2, 2),
 *     TorchNet.flatten(), TorchNet.linear("fc", 4 * 3 * 3, 10)));
 * TorchNet.Output out = net.crossEntropy(params, x, new int[] {8, 1, 8, 8}, classes, Mode.TRAINING);
 * }</pre>
 */
public final class TorchNet {
  /** One layer of the sequence. */
  public sealed interface Layer permits Conv, Pool2d, BatchNorm, Dense, Flatten, Slice, Act {}

  /**
   * {@code torch.nn.Conv2d(in, out, kernel, stride, padding)} named {@code name}.
   *
   * @param name the module name: parameters {@code name.weight}, {@code name.bias}
   * @param in input channels
   * @param out output channels
   * @param kernel square kernel size
   * @param stride stride
   * @param padding zero padding
   */
  public record Conv(String name, int in, int out, int kernel, int stride, int padding)
      implements Layer {}

  /**
   * {@code torch.nn.MaxPool2d} or {@code AvgPool2d} (no padding, floor mode).
   *
   * @param max true for max pooling, false for average pooling
   * @param kernel window size
   * @param stride stride
   */
  public record Pool2d(boolean max, int kernel, int stride) implements Layer {}

  /**
   * {@code torch.nn.BatchNorm1d/2d(channels)} named {@code name}: parameters {@code name.weight},
   * {@code name.bias}; buffers {@code name.running_mean}, {@code name.running_var}, {@code
   * name.num_batches_tracked} (the last one optional, as a one-element array).
   *
   * @param name the module name
   * @param channels channels (axis 1)
   */
  public record BatchNorm(String name, int channels) implements Layer {}

  /**
   * {@code torch.nn.Linear(in, out)} named {@code name}: {@code y = x·Wᵀ + b}.
   *
   * @param name the module name
   * @param in input features
   * @param out output features
   */
  public record Dense(String name, int in, int out) implements Layer {}

  /** {@code torch.flatten(x, 1)}. */
  public record Flatten() implements Layer {}

  /**
   * {@code x[:, from:to]}.
   *
   * @param from first channel (or feature) kept
   * @param to one past the last
   */
  public record Slice(int from, int to) implements Layer {}

  /** Element-wise activations. */
  public enum Act implements Layer {
    /** max(x, 0). */
    RELU,
    /** tanh x. */
    TANH,
    /** 1 / (1 + e^{−x}). */
    SIGMOID
  }

  /**
   * What one forward and backward pass gives.
   *
   * @param loss the loss (a double: exact enough for finite differences in {@link
   *     Precision#FLOAT64})
   * @param output the network's output (logits or predictions)
   * @param outputShape its shape
   * @param gradients d loss / d parameter, by parameter name
   * @param inputGradient d loss / d input
   * @param buffers the batch-norm buffers after the pass (running statistics updated in training
   *     mode), by name
   */
  @SuppressWarnings("ArrayRecordComponent") // a carrier of fresh copies, compared by the caller
  public record Output(
      double loss,
      float[] output,
      int[] outputShape,
      Map<String, float[]> gradients,
      float[] inputGradient,
      Map<String, float[]> buffers) {}

  private final List<Layer> layers;
  private final Precision precision;

  /** A float32 network of these layers, in order. */
  public TorchNet(List<Layer> layers) {
    this(layers, Precision.FLOAT32);
  }

  /** A network of these layers, in order, computed in {@code precision}. */
  public TorchNet(List<Layer> layers, Precision precision) {
    this.layers = List.copyOf(layers);
    this.precision = precision;
  }

  /** Returns {@code torch.nn.Conv2d(in, out, kernel, stride, padding)} named {@code name}. */
  public static Layer conv2d(String name, int in, int out, int kernel, int stride, int padding) {
    return new Conv(name, in, out, kernel, stride, padding);
  }

  /** Returns {@code torch.nn.MaxPool2d(kernel, stride)}. */
  public static Layer maxPool2d(int kernel, int stride) {
    return new Pool2d(true, kernel, stride);
  }

  /** Returns {@code torch.nn.AvgPool2d(kernel, stride)}. */
  public static Layer avgPool2d(int kernel, int stride) {
    return new Pool2d(false, kernel, stride);
  }

  /** Returns {@code torch.nn.BatchNorm1d/2d(channels)} named {@code name}. */
  public static Layer batchNorm(String name, int channels) {
    return new BatchNorm(name, channels);
  }

  /** Returns {@code torch.nn.Linear(in, out)} named {@code name}. */
  public static Layer linear(String name, int in, int out) {
    return new Dense(name, in, out);
  }

  /** Returns {@code torch.nn.Flatten()}. */
  public static Layer flatten() {
    return new Flatten();
  }

  /** Returns the channel slice {@code x[:, from:to]}. */
  public static Layer slice(int from, int to) {
    return new Slice(from, to);
  }

  /**
   * Forward, {@code torch.nn.functional.cross_entropy(logits, classes)} (mean over the batch) and
   * backward.
   *
   * @param parameters every parameter and batch-norm buffer, by state_dict name
   * @param x the batch, shaped {@code xShape}
   * @param classes the target class of each sample
   * @param mode training or evaluation (batch norm)
   * @throws IllegalArgumentException if a parameter is missing or mis-sized, or a class is out of
   *     range
   */
  public Output crossEntropy(
      Map<String, float[]> parameters, float[] x, int[] xShape, int[] classes, Mode mode) {
    return run(
        parameters,
        x,
        xShape,
        mode,
        (m, logits) -> {
          Shape s = logits.getShape();
          checkArgument(
              s.dimension() == 2 && s.get(0) == classes.length,
              "crossEntropy: logits %s need one class per sample, got %s classes",
              s,
              classes.length);
          long[] idx = new long[classes.length];
          for (int i = 0; i < classes.length; i++) {
            checkArgument(
                classes[i] >= 0 && classes[i] < s.get(1),
                "crossEntropy: class %s of sample %s is outside [0, %s)",
                classes[i],
                i,
                s.get(1));
            idx[i] = classes[i];
          }
          NDArray picked =
              logits.logSoftmax(1).gather(m.create(idx, new Shape(classes.length, 1)), 1);
          return picked.mean().neg();
        });
  }

  /**
   * Forward, {@code torch.nn.functional.mse_loss(prediction, target)} (mean over all elements) and
   * backward.
   *
   * @param target the target, shaped as the output
   * @throws IllegalArgumentException if a parameter is missing or mis-sized, or the target's size
   *     differs from the output's
   */
  public Output mse(
      Map<String, float[]> parameters, float[] x, int[] xShape, float[] target, Mode mode) {
    return run(
        parameters,
        x,
        xShape,
        mode,
        (m, prediction) -> {
          checkArgument(
              target.length == prediction.size(),
              "mse: target has %s values, the output %s has %s",
              target.length,
              prediction.getShape(),
              prediction.size());
          NDArray t =
              m.create(target, prediction.getShape()).toType(prediction.getDataType(), false);
          return prediction.sub(t).square().mean();
        });
  }

  private interface LossFn {
    NDArray apply(NDManager m, NDArray output);
  }

  private Output run(
      Map<String, float[]> parameters, float[] x, int[] xShape, Mode mode, LossFn lossFn) {
    boolean training = mode == Mode.TRAINING;
    return Torch.locked(
        m -> {
          Map<String, NDArray> leaves = new LinkedHashMap<>();
          Map<String, NDArray> buffers = new LinkedHashMap<>();
          NDArray input = Torch.leaf(m, x, xShape, precision);
          NDArray out = input;
          NDArray loss;
          try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            for (Layer layer : layers) {
              out = apply(layer, out, m, parameters, leaves, buffers, training);
            }
            loss = lossFn.apply(m, out);
            collector.backward(loss);
          }
          Map<String, float[]> grads = new LinkedHashMap<>();
          leaves.forEach((name, leaf) -> grads.put(name, Torch.grad(leaf)));
          Map<String, float[]> after = new LinkedHashMap<>();
          buffers.forEach((name, buffer) -> after.put(name, Torch.floats(buffer)));
          for (Layer layer : layers) {
            if (layer instanceof BatchNorm bn) {
              float[] n = parameters.get(bn.name() + ".num_batches_tracked");
              float tracked = n == null ? 0f : n[0];
              after.put(
                  bn.name() + ".num_batches_tracked", new float[] {tracked + (training ? 1 : 0)});
            }
          }
          return new Output(
              loss.toType(DataType.FLOAT64, false).getDouble(),
              Torch.floats(out),
              Torch.shape(out),
              grads,
              Torch.grad(input),
              after);
        });
  }

  private NDArray apply(
      Layer layer,
      NDArray x,
      NDManager m,
      Map<String, float[]> parameters,
      Map<String, NDArray> leaves,
      Map<String, NDArray> buffers,
      boolean training) {
    if (layer instanceof Conv c) {
      NDArray w =
          param(
              m, parameters, leaves, c.name() + ".weight", c.out(), c.in(), c.kernel(), c.kernel());
      NDArray b = param(m, parameters, leaves, c.name() + ".bias", c.out());
      Shape stride = new Shape(c.stride(), c.stride());
      Shape padding = new Shape(c.padding(), c.padding());
      return Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1)).singletonOrThrow();
    } else if (layer instanceof Pool2d p) {
      Shape k = new Shape(p.kernel(), p.kernel());
      Shape s = new Shape(p.stride(), p.stride());
      Shape none = new Shape(0, 0);
      return p.max()
          ? Pool.maxPool2d(x, k, s, none, false)
          : Pool.avgPool2d(x, k, s, none, false, true);
    } else if (layer instanceof BatchNorm bn) {
      NDArray g = param(m, parameters, leaves, bn.name() + ".weight", bn.channels());
      NDArray b = param(m, parameters, leaves, bn.name() + ".bias", bn.channels());
      NDArray mean = buffer(m, parameters, buffers, bn.name() + ".running_mean", bn.channels());
      NDArray var = buffer(m, parameters, buffers, bn.name() + ".running_var", bn.channels());
      return Torch.batchNorm(x, mean, var, g, b, training);
    } else if (layer instanceof Dense d) {
      NDArray w = param(m, parameters, leaves, d.name() + ".weight", d.out(), d.in());
      NDArray b = param(m, parameters, leaves, d.name() + ".bias", d.out());
      return Linear.linear(x, w, b).singletonOrThrow();
    } else if (layer instanceof Flatten) {
      return x.reshape(x.getShape().get(0), -1);
    } else if (layer instanceof Slice s) {
      return x.get(new NDIndex(":, {}:{}", s.from(), s.to()));
    }
    return switch ((Act) layer) {
      case RELU -> Activation.relu(x);
      case TANH -> x.tanh();
      case SIGMOID -> Activation.sigmoid(x);
    };
  }

  private NDArray param(
      NDManager m,
      Map<String, float[]> parameters,
      Map<String, NDArray> leaves,
      String name,
      int... shape) {
    NDArray known = leaves.get(name);
    if (known != null) {
      return known; // a shared module used twice: gradients add up, as in PyTorch
    }
    NDArray leaf = Torch.leaf(m, values(parameters, name, shape), shape, precision);
    leaves.put(name, leaf);
    return leaf;
  }

  private NDArray buffer(
      NDManager m,
      Map<String, float[]> parameters,
      Map<String, NDArray> buffers,
      String name,
      int size) {
    NDArray known = buffers.get(name);
    if (known != null) {
      return known;
    }
    NDArray buffer = Torch.constant(m, values(parameters, name, size), new int[] {size}, precision);
    buffers.put(name, buffer);
    return buffer;
  }

  private static float[] values(Map<String, float[]> parameters, String name, int... shape) {
    float[] v = parameters.get(name);
    checkArgument(v != null, "TorchNet: no array for %s; pass it in the parameter map", name);
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    checkArgument(
        v.length == size,
        "TorchNet: %s has %s values but its shape %s needs %s",
        name,
        v.length,
        Arrays.toString(shape),
        size);
    return v;
  }

  /** Returns the parameter names, in order of first use: the keys of {@link Output#gradients()}. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Layer layer : layers) {
      String name =
          layer instanceof Conv c
              ? c.name()
              : layer instanceof BatchNorm bn
                  ? bn.name()
                  : layer instanceof Dense d ? d.name() : null;
      if (name != null && !names.contains(name + ".weight")) {
        names.add(name + ".weight");
        names.add(name + ".bias");
      }
    }
    return names;
  }
}
