package dev.tributary.graph.train;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.optim.Optimizer;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link NonFiniteException} of a failed step: finds what went non-finite first and
 * words the message. Runs only on the error path, so it may allocate.
 */
final class Diagnosis {
  private Diagnosis() {}

  static NonFiniteException badLoss(
      Network network,
      Map<String, Tensor> features,
      Map<String, Tensor> targets,
      Batch batch,
      float loss,
      int epoch,
      int batchNo) {
    String where = where(epoch, batchNo);
    Optional<String> node = firstNonFiniteOutput(network);
    if (node.isPresent() && network.inputs().contains(node.get())) {
      String input = node.get();
      return new NonFiniteException(
          String.format(
              "%s: input `%s` holds NaN or infinity%s; clean the data (the loss is %s)",
              where, input, row(features.get(input), batch), loss),
          input,
          epoch,
          batchNo);
    }
    if (node.isPresent()) {
      return new NonFiniteException(
          String.format(
              "%s: the output of node `%s` went non-finite (NaN or infinity), so the loss is %s;"
                  + " the parameters keep their last finite values. Lower the learning rate or"
                  + " check the inputs' scale",
              where, node.get(), loss),
          node.get(),
          epoch,
          batchNo);
    }
    for (Map.Entry<String, Tensor> t : targets.entrySet()) {
      if (!Elementwise.allFinite(t.getValue())) {
        return new NonFiniteException(
            String.format(
                "%s: target `%s` holds NaN or infinity%s; clean the data (the loss is %s)",
                where, t.getKey(), row(t.getValue(), batch), loss),
            null,
            epoch,
            batchNo);
      }
    }
    return new NonFiniteException(
        String.format(
            "%s: every output is finite but the loss is %s; the loss overflowed (outputs too large"
                + " for it): lower the learning rate",
            where, loss),
        null,
        epoch,
        batchNo);
  }

  static NonFiniteException badGradient(
      Network network,
      Optimizer optimizer,
      String badParameter,
      boolean restored,
      int epoch,
      int batchNo) {
    String where = where(epoch, batchNo);
    String state =
        restored
            ? "the parameters were restored to their values before this step"
            : "the parameters may be non-finite (use NonFiniteGuard.RESTORE to keep them)";
    Optional<String> node = firstNonFiniteGradient(network);
    if (node.isPresent()) {
      return new NonFiniteException(
          String.format(
              "%s: the gradient at node `%s` went non-finite (NaN or infinity) while the loss was"
                  + " finite; %s. Lower the learning rate (now %s)",
              where, node.get(), state, optimizer.learningRate()),
          node.get(),
          epoch,
          batchNo);
    }
    String param = badParameter;
    return new NonFiniteException(
        String.format(
            "%s: the update of parameter `%s` overflowed (the gradients were finite); %s. Lower"
                + " the learning rate (now %s)",
            where, param, state, optimizer.learningRate()),
        param,
        epoch,
        batchNo);
  }

  /**
   * Returns the first node, in forward order, whose output from the last forward holds a NaN or an
   * infinity.
   */
  static Optional<String> firstNonFiniteOutput(Network network) {
    for (String node : network.forwardSchedule()) {
      if (!Elementwise.allFinite(network.value(node))) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the first node, in backward order, whose output gradient from the last backward holds a
   * NaN or an infinity, or whose parameter gradient does.
   */
  static Optional<String> firstNonFiniteGradient(Network network) {
    for (String node : network.backwardSchedule()) {
      Tensor g = network.gradient(node);
      if (g != null && !Elementwise.allFinite(g)) {
        return Optional.of(node);
      }
      for (Parameter p : network.parameters().values()) {
        if (p.name().startsWith(node + ".") && !Elementwise.allFinite(p.grad())) {
          return Optional.of(node);
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the first non-finite parameter's name, or null; call before restoring. */
  static String firstBadParameter(Optimizer optimizer) {
    for (Parameter p : optimizer.parameters()) {
      if (!Elementwise.allFinite(p.value())) {
        return p.name();
      }
    }
    return null;
  }

  private static String where(int epoch, int batch) {
    return epoch == 0
        ? "training stopped in a step"
        : "training stopped at epoch " + epoch + ", batch " + batch;
  }

  private static String row(Tensor t, Batch batch) {
    if (t == null || batch == null) {
      return "";
    }
    int w = t.size() / t.dim(0);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (!Float.isFinite(d[i])) {
        return " (dataset row " + batch.datasetRow(i / w) + ", column " + (i % w) + ")";
      }
    }
    return "";
  }
}
