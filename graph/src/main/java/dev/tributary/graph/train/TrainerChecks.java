package dev.tributary.graph.train;

import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Optimizer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a {@link Trainer} settles when it is built: the decision, and whose parameters it trains.
 */
final class TrainerChecks {
  private TrainerChecks() {}

  /** {@link Decision#AUTO} follows the loss of the classified output's term. */
  static Decision decisionFor(Decision decision, MultiLoss loss, String output, String target) {
    if (decision != Decision.AUTO) {
      return decision;
    }
    for (LossTerm t : loss.terms()) {
      if (t.output().equals(output) && t.target().equals(target)) {
        return Decision.forLoss(t.loss());
      }
    }
    return decision;
  }

  /** Refuses an optimizer built over parameters of another network (nothing would learn). */
  static void requireOwnParameters(Network network, Optimizer optimizer) {
    Set<Parameter> own = Collections.newSetFromMap(new IdentityHashMap<>());
    own.addAll(network.parameters().values());
    for (Parameter p : optimizer.parameters()) {
      if (!own.contains(p)) {
        throw new IllegalArgumentException(
            "Trainer: the optimizer updates parameter `"
                + p.name()
                + "`, which is not a parameter of the network being trained (an optimizer built"
                + " over another network, e.g. a copy); build it over"
                + " network.parameters().values() of the network you pass to Trainer.builder");
      }
    }
  }
}
