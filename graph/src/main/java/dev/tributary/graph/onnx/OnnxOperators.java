package dev.tributary.graph.onnx;

import static dev.tributary.graph.onnx.Protos.attribute;

import com.google.common.collect.ImmutableMap;
import java.util.List;

/**
 * The operator mapping: one entry per {@link dev.tributary.graph.op.Operator#type()}, one method
 * per operator, each writing the ONNX nodes (opset 13) that compute the operator in evaluation
 * mode. Adding an operator to the export is adding one method and one table line. Mappings read
 * their settings from the operator's graph file fields, named as the constructor's arguments
 * ({@code docs/graph-format.md}), so the mappings of operators that are not in the engine yet are
 * written against the fields the contract gives them.
 */
final class OnnxOperators {
  /** Writes the ONNX nodes for one network node. */
  @FunctionalInterface
  interface Mapping {
    /** Adds the nodes computing {@code c.output()} from {@code c.inputs()}. */
    void emit(NodeContext c);
  }

  /** Default {@code eps} of BatchNorm1d/2d, as PyTorch's. */
  static final float BATCH_NORM_EPS = 1e-5f;

  /** Default {@code slope} of LeakyReLU, as PyTorch's {@code negative_slope}. */
  static final float LEAKY_RELU_SLOPE = 0.01f;

  private static final float SQRT_2 = (float) Math.sqrt(2.0);

  /** Operator type → mapping. {@code Input} nodes become graph inputs and are not listed. */
  static final ImmutableMap<String, Mapping> MAPPINGS =
      ImmutableMap.<String, Mapping>builder()
          .put("Linear", OnnxOperators::linear)
          .put("ReLU", c -> c.unary("Relu"))
          .put("Tanh", c -> c.unary("Tanh"))
          .put("Sigmoid", c -> c.unary("Sigmoid"))
          .put("Sum", c -> c.add("Sum", c.inputs()))
          .put("Concat", c -> c.add("Concat", c.inputs(), attribute("axis", 1L)))
          .put("Conv2d", OnnxOperators::conv2d)
          .put("MaxPool2d", c -> pool(c, "MaxPool"))
          .put("AvgPool2d", c -> pool(c, "AveragePool"))
          .put("Flatten", c -> c.unary("Flatten", attribute("axis", 1L)))
          .put("Slice", OnnxOperators::slice)
          .put("Dropout", c -> c.unary("Identity"))
          .put("BatchNorm1d", OnnxOperators::batchNorm)
          .put("BatchNorm2d", OnnxOperators::batchNorm)
          .put("Softmax", c -> c.unary("Softmax", attribute("axis", 1L)))
          .put("LeakyReLU", OnnxOperators::leakyRelu)
          .put("GELU", OnnxOperators::gelu)
          .put("Bilinear", OnnxOperators::bilinear)
          .buildOrThrow();

  private OnnxOperators() {}

  /** {@code y = x·Wᵀ + b}: {@code Gemm(x, W, b, transB=1)}. */
  static void linear(NodeContext c) {
    c.add(
        "Gemm",
        List.of(c.input(), c.parameter("weight"), c.parameter("bias")),
        attribute("transB", 1L));
  }

  /**
   * {@code y_k = x₁ᵀ·A_k·x₂ + b_k}: {@code Einsum("bi,kij,bj->bk", x₁, A, x₂)}, then {@code Add b}
   * (broadcast over the batch).
   */
  static void bilinear(NodeContext c) {
    String form = c.fresh("einsum");
    c.add(
        "Einsum",
        List.of(c.inputs().get(0), c.parameter("weight"), c.inputs().get(1)),
        List.of(form),
        attribute("equation", "bi,kij,bj->bk"));
    c.add("Add", List.of(form, c.parameter("bias")));
  }

  /** {@code Conv(x, W, b)} with a square kernel, symmetric zero padding and equal strides. */
  static void conv2d(NodeContext c) {
    Fields f = c.fields();
    long k = f.integer("kernel");
    long s = f.integer("stride", 1);
    long p = f.integer("padding", 0);
    c.add(
        "Conv",
        List.of(c.input(), c.parameter("weight"), c.parameter("bias")),
        attribute("kernel_shape", k, k),
        attribute("strides", s, s),
        attribute("pads", p, p, p, p));
  }

  /** {@code MaxPool}/{@code AveragePool}: square kernel, stride defaulting to the kernel. */
  static void pool(NodeContext c, String opType) {
    long k = c.fields().integer("kernel");
    long s = c.fields().integer("stride", (int) k);
    c.unary(opType, attribute("kernel_shape", k, k), attribute("strides", s, s));
  }

  /** {@code x[:, from:to]}: {@code Slice(x, starts=[from], ends=[to], axes=[1])}. */
  static void slice(NodeContext c) {
    long from = c.fields().integer("from");
    long to = c.fields().integer("to");
    c.add(
        "Slice",
        List.of(c.input(), c.longs("starts", from), c.longs("ends", to), c.longs("axes", 1L)));
  }

  /**
   * Evaluation-mode batch norm with the running statistics: {@code BatchNormalization(x, weight,
   * bias, running_mean, running_var, epsilon)}.
   */
  static void batchNorm(NodeContext c) {
    c.add(
        "BatchNormalization",
        List.of(
            c.input(),
            c.parameter("weight"),
            c.parameter("bias"),
            c.parameter("running_mean"),
            c.parameter("running_var")),
        attribute("epsilon", c.fields().number("eps", BATCH_NORM_EPS)));
  }

  /** {@code LeakyRelu(x, alpha = slope)}. */
  static void leakyRelu(NodeContext c) {
    c.unary("LeakyRelu", attribute("alpha", c.fields().number("slope", LEAKY_RELU_SLOPE)));
  }

  /**
   * The exact GELU, {@code x · ½(1 + erf(x/√2))}, from opset-13 nodes (ONNX has a Gelu node only
   * from opset 20): {@code Div → Erf → Add 1 → Mul x → Mul ½}.
   */
  static void gelu(NodeContext c) {
    String x = c.input();
    String scaled = c.fresh("div");
    String erf = c.fresh("erf");
    String plusOne = c.fresh("add");
    String times = c.fresh("mul");
    c.add("Div", List.of(x, c.scalar("sqrt2", SQRT_2)), List.of(scaled));
    c.add("Erf", List.of(scaled), List.of(erf));
    c.add("Add", List.of(erf, c.scalar("one", 1f)), List.of(plusOne));
    c.add("Mul", List.of(x, plusOne), List.of(times));
    c.add("Mul", List.of(times, c.scalar("half", 0.5f)));
  }
}
