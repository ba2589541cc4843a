package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;
import dev.tributary.graph.loss.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Checks a network's hand-written backward passes against central finite differences.
 *
 * <p>For every scalar {@code θ} of every parameter (and, if asked, of every input) it compares the
 * gradient from {@link Network#backward} with {@code (L(θ + ε) − L(θ − ε)) / 2ε}, and reports the
 * worst relative error per tensor, where the relative error of one scalar is {@code |a − n| /
 * max(|a|, |n|, floor)}.
 *
 * <p>The network computes in float32, so the defaults are chosen for it: {@code ε = 1e-3}, a
 * tolerance of {@code 1e-2} and an absolute floor of {@code 1e-2} (float rounding makes the numeric
 * derivative noisy at the 1e-5 level; the floor keeps that noise from dominating near-zero
 * gradients). The objective {@code L} is accumulated in double precision. Test data should keep
 * ReLU pre-activations away from 0 by more than {@code ε}: a kink inside the difference interval
 * makes the numeric derivative meaningless there.
 *
 * <p>Without a loss, the objective is a fixed random projection of the outputs, {@code L = Σ r ⊙ y}
 * with {@code r ~ U(−1, 1)} seeded, which exercises every output.
 */
public final class GradientCheck {
  /** Default perturbation. */
  public static final double DEFAULT_EPSILON = 1e-3;

  /** Default pass threshold on the worst relative error. */
  public static final double DEFAULT_TOLERANCE = 1e-2;

  /** Default absolute floor of the relative error's denominator. */
  public static final double DEFAULT_FLOOR = 1e-2;

  /** A scalar objective of the network's outputs, with its gradient. */
  public interface Objective {
    /** Returns the objective for the outputs of a forward pass. */
    double value(Map<String, Tensor> outputs);

    /** Returns {@code d objective / d output} for each output of the same forward pass. */
    Map<String, Tensor> gradient(Map<String, Tensor> outputs);
  }

  private final Network network;
  private double epsilon = DEFAULT_EPSILON;
  private double tolerance = DEFAULT_TOLERANCE;
  private double floor = DEFAULT_FLOOR;
  private boolean checkInputs = true;

  /** Prepares a check of {@code network} with the default ε, tolerance and floor. */
  public GradientCheck(Network network) {
    this.network = network;
  }

  /** Sets the perturbation ε; returns this. */
  public GradientCheck epsilon(double epsilon) {
    this.epsilon = epsilon;
    return this;
  }

  /** Sets the pass threshold on the worst relative error; returns this. */
  public GradientCheck tolerance(double tolerance) {
    this.tolerance = tolerance;
    return this;
  }

  /** Sets the absolute floor of the relative error's denominator; returns this. */
  public GradientCheck floor(double floor) {
    this.floor = floor;
    return this;
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
    Map<String, Tensor> outputs = network.forward(inputs);
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
      Tensor r = Tensor.zeros(e.getValue().shape());
      float[] d = r.data();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (rng.nextDouble() * 2 - 1);
      }
      weights.put(e.getKey(), r);
    }
    return run(
        inputs,
        new Objective() {
          @Override
          public double value(Map<String, Tensor> out) {
            double sum = 0;
            for (Map.Entry<String, Tensor> e : out.entrySet()) {
              float[] y = e.getValue().data();
              float[] r = weights.get(e.getKey()).data();
              for (int i = 0; i < y.length; i++) {
                sum += (double) r[i] * y[i];
              }
            }
            return sum;
          }

          @Override
          public Map<String, Tensor> gradient(Map<String, Tensor> out) {
            return weights;
          }
        });
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
    String out = network.outputs().get(0);
    return run(
        inputs,
        new Objective() {
          @Override
          public double value(Map<String, Tensor> outputs) {
            return loss.forward(outputs.get(out), target);
          }

          @Override
          public Map<String, Tensor> gradient(Map<String, Tensor> outputs) {
            loss.forward(outputs.get(out), target);
            return Map.of(out, loss.backward());
          }
        });
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
      double center = objective.value(network.forward(in));
      int[] kinks = new int[1];
      Map<String, Double> byTensor = new LinkedHashMap<>();
      for (Parameter p : network.parameters().values()) {
        byTensor.put(p.name(), worst(in, objective, center, p.value(), p.grad().copy(), kinks));
      }
      if (checkInputs) {
        Map<String, Tensor> inputGrads = new LinkedHashMap<>();
        for (String name : network.inputs()) {
          inputGrads.put(name, network.inputGradient(name).copy());
        }
        for (String name : network.inputs()) {
          byTensor.put(
              "input " + name,
              worst(in, objective, center, in.get(name), inputGrads.get(name), kinks));
        }
      }
      network.zeroGrad();
      return new Report(ImmutableMap.copyOf(byTensor), kinks[0], epsilon, tolerance, floor);
    } finally {
      network.setInputGradients(false);
    }
  }

  private double worst(
      Map<String, Tensor> inputs,
      Objective objective,
      double center,
      Tensor perturbed,
      Tensor analytic,
      int[] kinks) {
    float[] x = perturbed.data();
    float[] a = analytic.data();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      float saved = x[i];
      x[i] = (float) (saved + epsilon);
      double plus = objective.value(network.forward(inputs));
      double up = x[i] - (double) saved;
      x[i] = (float) (saved - epsilon);
      double minus = objective.value(network.forward(inputs));
      double down = saved - (double) x[i];
      x[i] = saved;
      double error = relativeError(a[i], (plus - minus) / (up + down));
      if (error > tolerance) {
        // A kink (e.g. ReLU at 0) inside [θ − ε, θ + ε]: one side is still smooth, and there the
        // one-sided difference must agree with the gradient.
        double oneSided =
            Math.min(
                relativeError(a[i], (plus - center) / up),
                relativeError(a[i], (center - minus) / down));
        if (oneSided <= tolerance) {
          kinks[0]++;
          error = oneSided;
        }
      }
      worst = Math.max(worst, error);
    }
    return worst;
  }

  private double relativeError(double analytic, double numeric) {
    double denominator = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), floor);
    return Math.abs(analytic - numeric) / denominator;
  }

  /** The outcome of a check: the worst relative error of each parameter and input. */
  public static final class Report {
    private final ImmutableMap<String, Double> worst;
    private final int kinks;
    private final double epsilon;
    private final double tolerance;
    private final double floor;

    Report(
        ImmutableMap<String, Double> worst,
        int kinks,
        double epsilon,
        double tolerance,
        double floor) {
      this.worst = worst;
      this.kinks = kinks;
      this.epsilon = epsilon;
      this.tolerance = tolerance;
      this.floor = floor;
    }

    /**
     * Returns the worst relative error per tensor: parameters by name, inputs as {@code "input
     * <name>"}.
     */
    public Map<String, Double> worstRelativeErrors() {
      return worst;
    }

    /** Returns the worst relative error over all tensors. */
    public double worst() {
      return worst.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Returns whether every relative error is within the tolerance. */
    public boolean passed() {
      return worst() <= tolerance;
    }

    /**
     * Returns how many scalars had a kink within ε and were judged by a one-sided difference
     * instead of the central one.
     */
    public int kinks() {
      return kinks;
    }

    /** Returns the tolerance the check used. */
    public double tolerance() {
      return tolerance;
    }

    @Override
    public String toString() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  "gradient check (ε = %.0e, tolerance %.0e, floor %.0e): %s%s%n",
                  epsilon,
                  tolerance,
                  floor,
                  passed() ? "PASSED" : "FAILED",
                  kinks == 0 ? "" : " (" + kinks + " scalars near a kink, judged one-sided)"));
      worst.forEach(
          (name, err) ->
              sb.append(
                  String.format(
                      "  %-24s worst relative error %.2e%s%n",
                      name, err, err > tolerance ? "  <-- over tolerance" : "")));
      return sb.toString();
    }
  }
}
