package dev.tributary.spark;

import dev.tributary.graph.Parameter;
import dev.tributary.graph.optim.Optimizer;
import java.io.Serializable;
import java.util.Collection;

/**
 * Makes the optimizer each partition uses for its local steps in local-SGD mode ({@link
 * SparkTrainerBuilder#localSgd}), e.g. {@code params -> new SGD(params, 0.1f)}.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /** Returns a new optimizer over {@code parameters}. */
  Optimizer create(Collection<Parameter> parameters);
}
