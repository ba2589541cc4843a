package dev.tributary.graph.op;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.BilinearKernels;
import dev.tributary.core.Init;
import dev.tributary.graph.GraphException;
import dev.tributary.graph.Shape;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bilinear layer of two inputs, as {@code torch.nn.Bilinear}: {@code y_k = x₁ᵀ·A_k·x₂ + b_k},
 * with {@code weight} {@code A} of shape {@code [out, in1, in2]} and {@code bias} {@code [out]}.
 * PyTorch's initialisation: both drawn from {@code U(±1/√in1)}.
 *
 * <p>It takes exactly two predecessors, {@code x₁ [in1]} and {@code x₂ [in2]}, in the operators
 * map's order or in the order given to {@link #Bilinear(int, int, int, List)} (graph files: {@code
 * "order": ["p1", "p2"]}). On two class-probability vectors it can express, e.g., {@code P(d₁ ≤ d₂)
 * = Σ_{i≤j} p₁(i)·p₂(j) = p₁ᵀ·M·p₂}.
 *
 * <p>Backward, per sample and output {@code k} with {@code g = dy_k}: {@code dA_k += g·x₁·x₂ᵀ},
 * {@code db_k += g}, {@code dx₁ += g·A_k·x₂}, {@code dx₂ += g·A_kᵀ·x₁}. It saves nothing (it reads
 * its inputs again); see {@link BilinearKernels}.
 */
public final class Bilinear extends Layer<Bilinear> {
  /** The graph-file registration: {@code in1}, {@code in2}, {@code out}, optional {@code order}. */
  public static final OperatorType TYPE =
      OperatorType.of(
          "Bilinear",
          f ->
              new Bilinear(
                  f.getInt("in1"),
                  f.getInt("in2"),
                  f.getInt("out"),
                  f.has("order") ? f.getNames("order") : List.of()),
          Field.required("in1", Field.Kind.POSITIVE_INT),
          Field.required("in2", Field.Kind.POSITIVE_INT),
          Field.required("out", Field.Kind.POSITIVE_INT),
          Field.optional("order", Field.Kind.NAMES, null));

  /** The largest weight a Bilinear may declare: the longest Java array. */
  private static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

  private final int in1;
  private final int in2;
  private final int out;
  private final ImmutableList<String> order;

  /**
   * A bilinear layer of {@code x₁ [in1]} and {@code x₂ [in2]} to {@code out} features, taking its
   * two inputs in the operators map's order.
   *
   * @throws IllegalArgumentException if a size is not positive or the weight would not fit an array
   */
  public Bilinear(int in1, int in2, int out) {
    this(in1, in2, out, List.of());
  }

  /**
   * A bilinear layer whose inputs are the predecessors named in {@code order}: {@code x₁} first,
   * {@code x₂} second (an empty list takes the operators map's order).
   *
   * @throws IllegalArgumentException if a size is not positive, the weight would not fit an array,
   *     or {@code order} is null, does not hold two names, or repeats or blanks one
   */
  public Bilinear(int in1, int in2, int out, List<String> order) {
    this(in1, in2, out, checkOrder(order), null);
  }

  private Bilinear(int in1, int in2, int out, ImmutableList<String> order, Bilinear shared) {
    super(shared);
    if (in1 <= 0 || in2 <= 0 || out <= 0) {
      throw new IllegalArgumentException(
          "Bilinear sizes must be positive, got in1=" + in1 + ", in2=" + in2 + ", out=" + out);
    }
    if ((long) in1 * in2 * out > MAX_WEIGHTS) {
      throw new IllegalArgumentException(
          String.format(
              "a Bilinear(%d, %d, %d) has %d weights, more than one array holds (%d); use smaller"
                  + " sizes",
              in1, in2, out, (long) in1 * in2 * out, MAX_WEIGHTS));
    }
    this.in1 = in1;
    this.in2 = in2;
    this.out = out;
    this.order = order;
  }

  private static ImmutableList<String> checkOrder(List<String> order) {
    if (order == null) {
      throw new IllegalArgumentException(
          "Bilinear order is null; pass the two predecessors' names, or List.of() for the map's"
              + " order");
    }
    if (order.isEmpty()) {
      return ImmutableList.of();
    }
    HashSet<String> seen = new HashSet<>();
    for (String name : order) {
      if (name == null || name.isBlank() || !seen.add(name)) {
        throw new IllegalArgumentException(
            "Bilinear order " + order + " has a blank or repeated name; name x1's and x2's nodes");
      }
    }
    if (order.size() != 2) {
      throw new IllegalArgumentException(
          "Bilinear order "
              + order
              + " names "
              + order.size()
              + " nodes; name exactly two (x1, x2)");
    }
    return ImmutableList.copyOf(order);
  }

  /**
   * Returns a new layer that uses {@code other}'s weight and bias (weight sharing); the gradients
   * of both uses add up.
   *
   * @throws IllegalArgumentException if {@code other} is null
   */
  public static Bilinear sharing(Bilinear other) {
    if (other == null) {
      throw new IllegalArgumentException(
          "Bilinear.sharing: other is null; pass the Bilinear to share");
    }
    return other.share();
  }

  @Override
  public Bilinear share() {
    Bilinear owner = owner();
    return new Bilinear(owner.in1, owner.in2, owner.out, ImmutableList.of(), owner);
  }

  /** Returns the number of features of the first input. */
  public int in1() {
    return in1;
  }

  /** Returns the number of features of the second input. */
  public int in2() {
    return in2;
  }

  /** Returns the number of output features. */
  public int out() {
    return out;
  }

  @Override
  public String type() {
    return "Bilinear";
  }

  @Override
  public Arity arity() {
    return Arity.MANY;
  }

  @Override
  public List<String> inputOrder() {
    return order;
  }

  @Override
  public Shape outputShape(String node, List<String> predecessors, List<Shape> inputs) {
    if (inputs.size() != 2) {
      throw new GraphException(
          String.format(
              "node `%s` (%s) takes exactly two inputs (x1, x2) but is fed by %d: %s; connect two"
                  + " nodes to it",
              node, describe(), inputs.size(), predecessors),
          ImmutableList.<String>builder().add(node).addAll(predecessors).build());
    }
    int[] expected = {in1, in2};
    for (int i = 0; i < 2; i++) {
      Shape s = inputs.get(i);
      if (s.rank() != 1 || s.dim(0) != expected[i]) {
        throw new GraphException(
            String.format(
                "node `%s` (%s) expects x%d = `%s` to give %d features but it gives %s; %s",
                node,
                describe(),
                i + 1,
                predecessors.get(i),
                expected[i],
                s,
                s.rank() != 1
                    ? "insert a Flatten before it"
                    : "declare the layer with in" + (i + 1) + " = " + s.dim(0)),
            List.of(node, predecessors.get(i)));
      }
    }
    return Shape.of(out);
  }

  @Override
  protected List<ParameterSpec> ownParameters() {
    return List.of(
        new ParameterSpec("weight", Init.UNIFORM, new int[] {out, in1, in2}, in1, out),
        new ParameterSpec("bias", Init.UNIFORM, new int[] {out}, in1, out));
  }

  @Override
  public void forward(OpContext ctx) {
    BilinearKernels.forward(ctx.input(0), ctx.input(1), ctx.param(0), ctx.param(1), ctx.output());
  }

  @Override
  public void backward(OpContext ctx) {
    BilinearKernels.backward(
        ctx.input(0),
        ctx.input(1),
        ctx.param(0),
        ctx.gradOutput(),
        ctx.paramGrad(0),
        ctx.paramGrad(1),
        ctx.gradInput(0),
        ctx.gradInput(1));
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("in1", in1);
    f.put("in2", in2);
    f.put("out", out);
    if (!order.isEmpty()) {
      f.put("order", order);
    }
    return f;
  }

  @Override
  public String describe() {
    String d = "Bilinear " + in1 + "×" + in2 + "→" + out;
    return shared(order.isEmpty() ? d : d + " (" + String.join(", ", order) + ")");
  }
}
