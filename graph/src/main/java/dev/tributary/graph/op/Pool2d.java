package dev.tributary.graph.op;

import dev.tributary.core.ConvGeometry;
import dev.tributary.graph.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the two pooling operators share: a {@code kernel × kernel} window moved by {@code stride}
 * (the kernel by default), no padding, floor mode, per channel, as PyTorch's pooling layers.
 */
abstract class Pool2d extends Operator {
  final int kernel;
  final int stride;

  Pool2d(String type, int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException(
          type
              + " needs a positive kernel and stride, got kernel="
              + kernel
              + ", stride="
              + stride);
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  public final Arity arity() {
    return Arity.ONE;
  }

  @Override
  public final Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    Shape s = requireImage(node, describe(), predecessors, inputs.get(0), -1);
    ConvGeometry g = Windows.geometry(node, describe(), predecessors, s, kernel, stride, 0);
    return Shape.of(s.dim(0), g.outHeight(), g.outWidth());
  }

  @Override
  public final Object plan(List<Shape> inputs, Shape output) {
    Shape s = inputs.get(0);
    return new ConvGeometry(s.dim(0), s.dim(1), s.dim(2), kernel, stride, 0);
  }

  @Override
  public final Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("kernel", kernel);
    if (stride != kernel) {
      f.put("stride", stride);
    }
    return f;
  }

  @Override
  public final String describe() {
    return type() + " " + kernel + "×" + kernel + (stride != kernel ? " s" + stride : "");
  }

  static int stride(Fields f) {
    return f.getInt("stride", f.getInt("kernel"));
  }
}
