package dev.tributary.graph;

import dev.tributary.core.Tensor;
import dev.tributary.graph.GradientCheck.Objective;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MultiLoss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The objectives {@link GradientCheck}'s overloads build: a projection, a loss, a multi-loss. */
final class CheckObjectives {
  private CheckObjectives() {}

  /**
   * Returns {@code L = Σ r ⊙ y} over every output {@code y}, with {@code r ~ U(−1, 1)} drawn from
   * {@code seed} in the outputs' order, so that every output is exercised.
   */
  static Objective projection(Map<String, Tensor> outputs, long seed) {
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
    return new Objective() {
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
    };
  }

  /** Returns {@code L = loss(outputs[out], target)}. */
  static Objective loss(String out, Loss loss, Tensor target) {
    return new Objective() {
      @Override
      public double value(Map<String, Tensor> outputs) {
        return loss.forward(outputs.get(out), target);
      }

      @Override
      public Map<String, Tensor> gradient(Map<String, Tensor> outputs) {
        loss.forward(outputs.get(out), target);
        return Map.of(out, loss.backward());
      }
    };
  }

  /** Returns {@code L = Σ_k w_k · loss_k(outputs[o_k], targets[t_k])}. */
  static Objective multiLoss(MultiLoss loss, Map<String, Tensor> targets) {
    return new Objective() {
      @Override
      public double value(Map<String, Tensor> outputs) {
        return loss.forward(outputs, targets);
      }

      @Override
      public Map<String, Tensor> gradient(Map<String, Tensor> outputs) {
        loss.forward(outputs, targets);
        return loss.backward();
      }
    };
  }
}
