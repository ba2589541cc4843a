package dev.tributary.graph.loss;

import com.google.common.collect.ImmutableList;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of per-output losses, to train several outputs at once (auxiliary losses): {@code
 * L = Σ_k w_k · loss_k(outputs[o_k], targets[t_k])}.
 *
 * <p>{@link #backward} returns, for each output that appears in a term, {@code dL/d output = Σ_{k :
 * o_k = output} w_k · d loss_k / d output}: the map to pass to {@code Network.backward(Map)}.
 * Outputs without a term get no entry (the network gives them a zero gradient). Gradients live in
 * buffers reused from step to step, so a training step allocates nothing.
 *
 * <pre>{@code
 * MultiLoss loss = MultiLoss.of(
 *     LossTerm.of("closer", new BCEWithLogitsLoss(), "closer"),
 *     LossTerm.of("d1", new MSELoss(), "d1", 0.5f),
 *     LossTerm.of("d2", new MSELoss(), "d2", 0.5f));
 * float value = loss.forward(net.forward(inputs), targets);
 * net.backward(loss.backward());
 * }</pre>
 */
public final class MultiLoss {
  private final ImmutableList<LossTerm> terms;
  private final LossTerm[] termArray;
  private final float[] lastValues;
  private final String[] outputNames;

  /** For each output (index as in outputNames), the indices of its terms. */
  private final int[][] termsOfOutput;

  /** Outputs with one term of weight 1 pass that loss's buffer through unchanged. */
  private final boolean[] passThrough;

  private final GradientBuffer[] sums;
  private final Map<String, Tensor> gradients = new HashMap<>();
  private boolean forwardDone;

  private MultiLoss(List<LossTerm> terms) {
    this.terms = ImmutableList.copyOf(terms);
    this.termArray = terms.toArray(new LossTerm[0]);
    this.lastValues = new float[termArray.length];
    LinkedHashSet<String> outputs = new LinkedHashSet<>();
    for (LossTerm t : termArray) {
      outputs.add(t.output());
    }
    outputNames = outputs.toArray(new String[0]);
    termsOfOutput = new int[outputNames.length][];
    passThrough = new boolean[outputNames.length];
    sums = new GradientBuffer[outputNames.length];
    for (int o = 0; o < outputNames.length; o++) {
      List<Integer> mine = new ArrayList<>();
      for (int k = 0; k < termArray.length; k++) {
        if (termArray[k].output().equals(outputNames[o])) {
          mine.add(k);
        }
      }
      termsOfOutput[o] = mine.stream().mapToInt(Integer::intValue).toArray();
      passThrough[o] = mine.size() == 1 && termArray[mine.get(0)].weight() == 1f;
      sums[o] = new GradientBuffer();
    }
  }

  /**
   * Returns the sum of the given terms.
   *
   * @throws IllegalArgumentException if there are no terms, a term is null, or two terms share one
   *     {@link Loss} instance (each keeps its own last gradient)
   */
  public static MultiLoss of(LossTerm... terms) {
    if (terms == null || terms.length == 0) {
      throw new IllegalArgumentException("MultiLoss: pass at least one LossTerm");
    }
    return of(List.of(terms));
  }

  /**
   * Returns the sum of the given terms.
   *
   * @throws IllegalArgumentException if there are no terms, a term is null, or two terms share one
   *     {@link Loss} instance
   */
  public static MultiLoss of(List<LossTerm> terms) {
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("MultiLoss: pass at least one LossTerm");
    }
    IdentityHashMap<Loss, Integer> seen = new IdentityHashMap<>();
    for (int k = 0; k < terms.size(); k++) {
      LossTerm t = terms.get(k);
      if (t == null) {
        throw new IllegalArgumentException("MultiLoss: term " + k + " is null");
      }
      Integer first = seen.putIfAbsent(t.loss(), k);
      if (first != null) {
        throw new IllegalArgumentException(
            String.format(
                "MultiLoss: terms %d and %d use the same %s instance; give each term its own"
                    + " (e.g. new MSELoss()), since a loss keeps its last gradient",
                first, k, t.loss()));
      }
    }
    return new MultiLoss(terms);
  }

  /** Returns the terms, in the order given. */
  public List<LossTerm> terms() {
    return terms;
  }

  /** Returns the distinct output names the terms apply to, in order of first appearance. */
  public List<String> outputs() {
    return ImmutableList.copyOf(outputNames);
  }

  /**
   * Computes every term and returns the weighted sum {@code Σ_k w_k loss_k}.
   *
   * @param outputs the network's outputs by name (e.g. the map {@code Network.forward} returns)
   * @param targets the targets by name
   * @throws IllegalArgumentException if an output or target a term names is missing, or a loss
   *     rejects its shapes
   */
  public float forward(Map<String, Tensor> outputs, Map<String, Tensor> targets) {
    double sum = 0;
    for (int k = 0; k < termArray.length; k++) {
      LossTerm t = termArray[k];
      Tensor prediction = outputs.get(t.output());
      Tensor target = targets.get(t.target());
      if (prediction == null || target == null) {
        throw missing(t, prediction == null, outputs, targets);
      }
      float value;
      try {
        value = t.loss().forward(prediction, target);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            String.format(
                "loss on output `%s` against target `%s`: %s",
                t.output(), t.target(), e.getMessage()),
            e);
      }
      lastValues[k] = value;
      sum += (double) t.weight() * value;
    }
    forwardDone = true;
    return (float) sum;
  }

  /**
   * Returns {@code dL/d output} for every output with a term, from the last {@link #forward}. The
   * map and its tensors are reused by the next call.
   *
   * @throws IllegalStateException if forward has not run
   */
  public Map<String, Tensor> backward() {
    if (!forwardDone) {
      throw new IllegalStateException("MultiLoss.backward: call forward(outputs, targets) first");
    }
    for (int o = 0; o < outputNames.length; o++) {
      int[] mine = termsOfOutput[o];
      Tensor grad;
      if (passThrough[o]) {
        grad = termArray[mine[0]].loss().backward();
      } else {
        Tensor first = termArray[mine[0]].loss().backward();
        grad = sums[o].bufferFor(first);
        Elementwise.fill(grad, 0f);
        for (int k : mine) {
          Elementwise.axpy(termArray[k].weight(), termArray[k].loss().backward(), grad);
        }
      }
      gradients.put(outputNames[o], grad);
    }
    return gradients;
  }

  /**
   * Returns the unweighted value of term {@code k} at the last {@link #forward}.
   *
   * @throws IndexOutOfBoundsException if {@code k} is not a term index
   */
  public float termValue(int k) {
    return lastValues[k];
  }

  private static IllegalArgumentException missing(
      LossTerm t, boolean output, Map<String, Tensor> outputs, Map<String, Tensor> targets) {
    return new IllegalArgumentException(
        output
            ? String.format(
                "MultiLoss: term %s needs output `%s` but the outputs are %s; name an output of"
                    + " the network",
                t, t.output(), outputs.keySet())
            : String.format(
                "MultiLoss: term %s needs target `%s` but the targets are %s; name a target of"
                    + " the dataset",
                t, t.target(), targets.keySet()));
  }

  @Override
  public String toString() {
    return "MultiLoss" + terms;
  }
}
