package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MultiLoss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a network's hand-written backward passes against central finite differences.
 *
 * <p>For every scalar {@code θ} of every parameter (and, if asked, of every input) it compares the
 * gradient {@code a} from {@link Network#backward} with {@code n = (L(θ + ε) − L(θ − ε)) / 2ε}. A
 * scalar passes when
 *
 * <pre>{@code |a − n| ≤ absoluteTolerance + relativeTolerance · max(|a|, |n|)}</pre>
 *
 * (numpy's {@code allclose} rule, symmetric), and the report gives per tensor the worst ratio of
 * the two sides ({@code ≤ 1} passes).
 *
 * <p>The network computes in float32, so the defaults are chosen for it: {@code ε = 1e-3}, relative
 * tolerance {@code 1e-2} (the central difference's truncation error is {@code O(ε²)}, about 1e-6
 * relative for tanh and sigmoid) and absolute tolerance {@code 1e-3}: float32 rounding of the
 * outputs (about 1e-7 of each) divided by {@code 2ε} makes the numeric derivative noisy at the 1e-4
 * level on networks of a few hundred outputs, so a correct Tanh or Sigmoid network shows absolute
 * errors up to about 1e-4; a wrong backward pass (a missing term, a wrong sign or scale) is off by
 * far more. The objective {@code L} is accumulated in double precision.
 *
 * <p><b>Kinks.</b> ReLU and LeakyReLU are not differentiable at 0, MaxPool2d where two entries of a
 * window tie for the largest. After each forward pass the check reads the inputs of these operators
 * ({@link Network#value} of their predecessors): {@link Report#kinks()} counts those within ε of
 * their kink at the checked point, and a perturbation {@code θ ± ε} <em>crosses</em> a kink when
 * one of these inputs lies on another side than at {@code θ} (another sign, another argmax). When
 * exactly one of {@code θ + ε} and {@code θ − ε} crosses, the central difference straddles the kink
 * and the scalar is judged by the one-sided difference of the other side, the smooth one ({@link
 * Report#oneSided()}); when both cross, no difference is trustworthy and the central one is kept (a
 * failure there asks for a smaller ε, {@link Report#straddled()}). A network without piecewise
 * operators (Tanh, Sigmoid) has no kinks and every scalar is judged by its central difference.
 * Kinks of the objective itself (L1Loss where the prediction equals the target) are not looked for.
 *
 * <p>Without a loss, the objective is a fixed random projection of the outputs, {@code L = Σ r ⊙ y}
 * with {@code r ~ U(−1, 1)} seeded, which exercises every output.
 */
public final class GradientCheck {
  /** Default perturbation. */
  public static final double DEFAULT_EPSILON = 1e-3;

  /** Default relative tolerance: the part of the bound proportional to the gradient. */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-2;

  /**
   * Default absolute tolerance: float32 noise of the numeric derivative (see the class comment).
   */
  public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-3;

  /**
   * The former single tolerance, now {@link #DEFAULT_RELATIVE_TOLERANCE}.
   *
   * @deprecated use {@link #DEFAULT_RELATIVE_TOLERANCE} and {@link #DEFAULT_ABSOLUTE_TOLERANCE}
   */
  @Deprecated public static final double DEFAULT_TOLERANCE = DEFAULT_RELATIVE_TOLERANCE;

  /**
   * The former floor of the relative error's denominator.
   *
   * @deprecated the bound is now {@code absoluteTolerance + relativeTolerance · max(|a|, |n|)}
   */
  @Deprecated public static final double DEFAULT_FLOOR = 1e-2;

  /** A scalar objective of the network's outputs, with its gradient. */
  public interface Objective {
    /** Returns the objective for the outputs of a forward pass. */
    double value(Map<String, Tensor> outputs);

    /** Returns {@code d objective / d output} for each output of the same forward pass. */
    Map<String, Tensor> gradient(Map<String, Tensor> outputs);
  }

  private final Network network;
  private double epsilon = DEFAULT_EPSILON;
  private double relativeTolerance = DEFAULT_RELATIVE_TOLERANCE;
  private double absoluteTolerance = DEFAULT_ABSOLUTE_TOLERANCE;
  private boolean checkInputs = true;

  /** Prepares a check of {@code network} with the default ε and tolerances. */
  public GradientCheck(Network network) {
    this.network = network;
  }

  /**
   * Sets the perturbation ε; returns this.
   *
   * @throws IllegalArgumentException if {@code epsilon} is not positive and finite
   */
  public GradientCheck epsilon(double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("GradientCheck.epsilon: need ε > 0, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /**
   * Sets the relative tolerance (the part of the bound proportional to {@code max(|a|, |n|)});
   * returns this.
   *
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public GradientCheck relativeTolerance(double relativeTolerance) {
    this.relativeTolerance = nonNegative("relativeTolerance", relativeTolerance);
    return this;
  }

  /**
   * Sets the absolute tolerance (the part of the bound that does not scale with the gradient);
   * returns this.
   *
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public GradientCheck absoluteTolerance(double absoluteTolerance) {
    this.absoluteTolerance = nonNegative("absoluteTolerance", absoluteTolerance);
    return this;
  }

  /**
   * Sets the relative tolerance; returns this.
   *
   * @deprecated use {@link #relativeTolerance} (and {@link #absoluteTolerance})
   * @throws IllegalArgumentException if it is negative or not finite
   */
  @Deprecated
  @SuppressWarnings("InlineMeSuggester") // kept plain: callers should choose both tolerances
  public GradientCheck tolerance(double tolerance) {
    return relativeTolerance(tolerance);
  }

  /**
   * Sets the absolute tolerance to {@code relativeTolerance · floor}, what the former floor of the
   * denominator amounted to; returns this.
   *
   * @deprecated use {@link #absoluteTolerance}
   * @throws IllegalArgumentException if it is negative or not finite
   */
  @Deprecated
  public GradientCheck floor(double floor) {
    return absoluteTolerance(relativeTolerance * nonNegative("floor", floor));
  }

  private static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "GradientCheck." + name + ": need a finite value ≥ 0, got " + value);
    }
    return value;
  }

  /** Sets whether the inputs' gradients are checked too (default yes); returns this. */
  public GradientCheck checkInputs(boolean checkInputs) {
    this.checkInputs = checkInputs;
    return this;
  }

  /**
   * Checks with a random projection of the outputs (seeded) as the objective.
   *
   * @throws IllegalArgumentException if the inputs do not fit the network
   */
  public Report run(Map<String, Tensor> inputs, long seed) {
    return run(inputs, CheckObjectives.projection(network.forward(inputs), seed));
  }

  /**
   * Checks with {@code loss} of the single output against {@code target} as the objective.
   *
   * @throws IllegalStateException if the network has several outputs
   */
  public Report run(Map<String, Tensor> inputs, Loss loss, Tensor target) {
    if (network.outputs().size() != 1) {
      throw new IllegalStateException(
          "this network has outputs " + network.outputs() + "; pass an Objective instead");
    }
    return run(inputs, CheckObjectives.loss(network.outputs().get(0), loss, target));
  }

  /**
   * Checks with a weighted sum of per-output losses as the objective, {@code L = Σ_k w_k ·
   * loss_k(outputs[o_k], targets[t_k])}: networks with several outputs, such as a siamese network
   * with auxiliary heads.
   *
   * @throws IllegalArgumentException if an output or target the loss names is missing
   */
  public Report run(Map<String, Tensor> inputs, MultiLoss loss, Map<String, Tensor> targets) {
    for (String out : loss.outputs()) {
      if (!network.outputs().contains(out)) {
        throw new IllegalArgumentException(
            "GradientCheck.run: the loss reads output `"
                + out
                + "` but the network's outputs are "
                + network.outputs()
                + "; name a network output in the LossTerm");
      }
    }
    return run(inputs, CheckObjectives.multiLoss(loss, targets));
  }

  /** Checks with a custom objective. Leaves the parameters as they were, gradients zeroed. */
  public Report run(Map<String, Tensor> inputs, Objective objective) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    inputs.forEach((k, v) -> in.put(k, v.copy()));
    network.setInputGradients(checkInputs);
    try {
      network.zeroGrad();
      Map<String, Tensor> outputs = network.forward(in);
      network.backward(objective.gradient(outputs));
      KinkWatch watch = new KinkWatch(network, epsilon);
      double center = objective.value(network.forward(in));
      Counts counts = new Counts(watch, watch.mark());
      Map<String, Double> byTensor = new LinkedHashMap<>();
      for (Parameter p : network.parameters().values()) {
        byTensor.put(p.name(), worst(in, objective, center, p.value(), p.grad().copy(), counts));
      }
      if (checkInputs) {
        Map<String, Tensor> inputGrads = new LinkedHashMap<>();
        for (String name : network.inputs()) {
          inputGrads.put(name, network.inputGradient(name).copy());
        }
        for (String name : network.inputs()) {
          byTensor.put(
              "input " + name,
              worst(in, objective, center, in.get(name), inputGrads.get(name), counts));
        }
      }
      network.zeroGrad();
      return new Report(
          ImmutableMap.copyOf(byTensor),
          counts.near,
          counts.oneSided,
          counts.straddled,
          epsilon,
          relativeTolerance,
          absoluteTolerance);
    } finally {
      network.setInputGradients(false);
    }
  }

  /** The kinks of one check: those near the checked point, and the scalars whose ±ε crossed one. */
  private static final class Counts {
    final KinkWatch watch;
    final int near;
    int oneSided;
    int straddled;

    Counts(KinkWatch watch, int near) {
      this.watch = watch;
      this.near = near;
    }
  }

  private double worst(
      Map<String, Tensor> inputs,
      Objective objective,
      double center,
      Tensor perturbed,
      Tensor analytic,
      Counts counts) {
    float[] x = perturbed.data();
    float[] a = analytic.data();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      float saved = x[i];
      x[i] = (float) (saved + epsilon);
      double plus = objective.value(network.forward(inputs));
      boolean crossedUp = counts.watch.crossed();
      double up = x[i] - (double) saved;
      x[i] = (float) (saved - epsilon);
      double minus = objective.value(network.forward(inputs));
      boolean crossedDown = counts.watch.crossed();
      double down = saved - (double) x[i];
      x[i] = saved;
      double error;
      if (crossedUp && crossedDown) {
        error = excess(a[i], (plus - minus) / (up + down));
        if (error > 1) {
          counts.straddled++;
        }
      } else if (crossedUp) {
        counts.oneSided++;
        error = excess(a[i], (center - minus) / down);
      } else if (crossedDown) {
        counts.oneSided++;
        error = excess(a[i], (plus - center) / up);
      } else {
        error = excess(a[i], (plus - minus) / (up + down));
      }
      worst = Math.max(worst, error);
    }
    return worst;
  }

  /** Returns {@code |a − n| / (absoluteTolerance + relativeTolerance · max(|a|, |n|))}. */
  private double excess(double analytic, double numeric) {
    double bound =
        absoluteTolerance + relativeTolerance * Math.max(Math.abs(analytic), Math.abs(numeric));
    double diff = Math.abs(analytic - numeric);
    return bound == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / bound;
  }

  /** The outcome of a check: per tensor, the worst ratio of error to bound. */
  public static final class Report {
    private final ImmutableMap<String, Double> worst;
    private final int kinks;
    private final int oneSided;
    private final int straddled;
    private final double epsilon;
    private final double relativeTolerance;
    private final double absoluteTolerance;

    Report(
        ImmutableMap<String, Double> worst,
        int kinks,
        int oneSided,
        int straddled,
        double epsilon,
        double relativeTolerance,
        double absoluteTolerance) {
      this.worst = worst;
      this.kinks = kinks;
      this.oneSided = oneSided;
      this.straddled = straddled;
      this.epsilon = epsilon;
      this.relativeTolerance = relativeTolerance;
      this.absoluteTolerance = absoluteTolerance;
    }

    /**
     * Returns per tensor (parameters by name, inputs as {@code "input <name>"}) the worst ratio
     * {@code |a − n| / (absoluteTolerance + relativeTolerance · max(|a|, |n|))}: at most 1 passes.
     */
    public Map<String, Double> worstErrorRatios() {
      return worst;
    }

    /**
     * Returns {@link #worstErrorRatios()}.
     *
     * @deprecated the figures are ratios of error to bound now; use {@link #worstErrorRatios()}
     */
    @Deprecated
    public Map<String, Double> worstRelativeErrors() {
      return worst;
    }

    /** Returns the worst ratio of error to bound over all tensors (at most 1 passes). */
    public double worst() {
      return worst.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Returns whether every scalar is within its bound. */
    public boolean passed() {
      return worst() <= 1;
    }

    /**
     * Returns how many inputs of piecewise operators lie within ε of their kink at the checked
     * point: ReLU and LeakyReLU inputs with {@code |x| ≤ ε}, MaxPool2d windows whose two largest
     * entries differ by at most ε. A network of Tanh and Sigmoid has none.
     */
    public int kinks() {
      return kinks;
    }

    /**
     * Returns how many checked scalars were judged by a one-sided difference: exactly one of {@code
     * θ ± ε} moved a piecewise operator's input across its kink.
     */
    public int oneSided() {
      return oneSided;
    }

    /**
     * Returns how many scalars failed with a kink crossed on both sides of {@code θ ± ε}, where no
     * finite difference is trustworthy: retry them with a smaller ε.
     */
    public int straddled() {
      return straddled;
    }

    /** Returns the relative tolerance the check used. */
    public double relativeTolerance() {
      return relativeTolerance;
    }

    /** Returns the absolute tolerance the check used. */
    public double absoluteTolerance() {
      return absoluteTolerance;
    }

    /**
     * Returns the relative tolerance.
     *
     * @deprecated use {@link #relativeTolerance()} and {@link #absoluteTolerance()}
     */
    @Deprecated
    public double tolerance() {
      return relativeTolerance;
    }

    @Override
    public String toString() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  "gradient check (ε = %.0e, |a − n| ≤ %.0e + %.0e·max(|a|, |n|)): %s%s%s%s%n",
                  epsilon,
                  absoluteTolerance,
                  relativeTolerance,
                  passed() ? "PASSED" : "FAILED",
                  kinks == 0 ? "" : "; " + kinks + " activation inputs within ε of a kink",
                  oneSided == 0 ? "" : "; " + oneSided + " scalars judged one-sided",
                  straddled == 0
                      ? ""
                      : "; "
                          + straddled
                          + " scalars crossed a kink on both sides, retry with a smaller ε"));
      worst.forEach(
          (name, err) ->
              sb.append(
                  String.format(
                      "  %-24s worst error / bound %.2e%s%n",
                      name, err, err > 1 ? "  <-- over the bound" : "")));
      return sb.toString();
    }
  }
}
