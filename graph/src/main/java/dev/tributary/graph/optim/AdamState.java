package dev.tributary.graph.optim;

import dev.tributary.core.AdamSettings;
import dev.tributary.core.OptimizerKernels;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Parameter;
import java.util.ArrayList;
import java.util.List;

/** The moment estimates of Adam and AdamW, one pair per parameter, allocated once. */
final class AdamState {
  private final Tensor[] m;
  private final Tensor[] v;
  private final List<Tensor> all;

  AdamState(Parameter[] params) {
    m = new Tensor[params.length];
    v = new Tensor[params.length];
    for (int i = 0; i < params.length; i++) {
      m[i] = Tensor.zeros(params[i].value().shape());
      v[i] = Tensor.zeros(params[i].value().shape());
    }
    List<Tensor> both = new ArrayList<>(List.of(m));
    both.addAll(List.of(v));
    all = List.copyOf(both);
  }

  /** Returns the first moments, then the second moments, one per parameter each. */
  List<Tensor> tensors() {
    return all;
  }

  /** One Adam or AdamW step over every parameter; returns whether every value is finite. */
  boolean update(Parameter[] params, float lr, AdamSettings settings, long step) {
    boolean finite = true;
    for (int i = 0; i < params.length; i++) {
      finite &=
          OptimizerKernels.adam(
              params[i].value(), params[i].grad(), m[i], v[i], lr, settings, step);
    }
    return finite;
  }
}
