package dev.tributary.graph.train;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a network on a dataset: the mean loss and each term's, the classification errors and
 * confusion matrix of one output, and regression metrics of every output compared with a target of
 * its shape. The dataset's feature names must be the network's inputs and its target names those
 * the loss uses ({@link Trainer#evaluate} aligns them first). Rows are evaluated in order, in
 * chunks whose buffers are reused, so evaluating the same datasets epoch after epoch allocates only
 * the result.
 */
public final class Evaluator {
  private final Network network;
  private final MultiLoss loss;
  private final String output;
  private final String target;
  private final Decision decision;
  private final int chunkSize;
  private final long[] confusion = new long[4];
  private final double[] termSums;
  private final RegressionSums[] regressionSums;
  private final ClassMatrix matrix = new ClassMatrix();
  private Dataset lastData;
  private Batches lastBatches;
  private Dataset otherData;
  private Batches otherBatches;

  /**
   * Prepares an evaluator.
   *
   * @param output the network output whose decisions are counted
   * @param target the target it is compared with
   * @param decision how the output becomes a class
   * @param chunkSize rows per forward pass
   * @throws IllegalArgumentException if {@code chunkSize < 1} or an argument is null
   */
  public Evaluator(
      Network network,
      MultiLoss loss,
      String output,
      String target,
      Decision decision,
      int chunkSize) {
    if (network == null || loss == null || output == null || target == null || decision == null) {
      throw new IllegalArgumentException("Evaluator: network, loss, names and decision are needed");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("Evaluator: chunk size must be ≥ 1, got " + chunkSize);
    }
    this.network = network;
    this.loss = loss;
    this.output = output;
    this.target = target;
    this.decision = decision;
    this.chunkSize = chunkSize;
    this.termSums = new double[loss.terms().size()];
    this.regressionSums = new RegressionSums[termSums.length];
    for (int k = 0; k < termSums.length; k++) {
      regressionSums[k] = new RegressionSums();
    }
  }

  /**
   * Evaluates the network on {@code data}.
   *
   * <p>Runs in the network's evaluation mode (dropout off, batch norm on running statistics) and
   * restores the mode it found.
   *
   * @throws IllegalArgumentException if the dataset's names or shapes do not fit the network and
   *     loss
   */
  public Evaluation evaluate(Dataset data) {
    return evaluate(data, true);
  }

  /**
   * Evaluates the network in evaluation mode, restoring the mode it found; without {@code full},
   * only the loss, the error counts and the binary confusion (what a training epoch records,
   * allocating little).
   */
  Evaluation evaluate(Dataset data, boolean full) {
    boolean training = network.isTraining();
    network.setTraining(false);
    try {
      return evaluateInEvalMode(data, full);
    } finally {
      network.setTraining(training);
    }
  }

  private Evaluation evaluateInEvalMode(Dataset data, boolean full) {
    Batches batches = batchesFor(data);
    double lossSum = 0;
    long errors = 0;
    long decisions = 0;
    java.util.Arrays.fill(confusion, 0);
    java.util.Arrays.fill(termSums, 0);
    for (RegressionSums r : regressionSums) {
      r.reset();
    }
    matrix.reset();
    boolean binary = true;
    List<LossTerm> terms = loss.terms();
    for (int b = 0; b < batches.count(); b++) {
      Batch batch = batches.get(b);
      Map<String, Tensor> outputs = network.forward(batch.features());
      lossSum += (double) loss.forward(outputs, batch.targets()) * batch.size();
      for (int k = 0; k < termSums.length; k++) {
        termSums[k] += (double) loss.termValue(k) * batch.size();
        Tensor p = outputs.get(terms.get(k).output());
        Tensor t = batch.targets().get(terms.get(k).target());
        if (full && p.sameShape(t)) {
          regressionSums[k].add(p, t);
        }
      }
      Tensor prediction = outputs.get(output);
      Tensor expected = batch.targets().get(target);
      errors += decision.count(prediction, expected, confusion);
      decisions += decision.decisions(prediction);
      Decision resolved = decision.resolve(prediction);
      binary &= resolved != Decision.ARGMAX || prediction.dim(1) == 2;
      if (full) {
        matrix.add(resolved, prediction, expected);
      }
    }
    Confusion c =
        binary ? new Confusion(confusion[0], confusion[1], confusion[2], confusion[3]) : null;
    if (!full) {
      return new Evaluation(lossSum / data.size(), errors, decisions, c);
    }
    Map<String, Double> termLosses = new LinkedHashMap<>();
    Map<String, RegressionMetrics> regression = new LinkedHashMap<>();
    for (int k = 0; k < termSums.length; k++) {
      LossTerm t = terms.get(k);
      termLosses.put(label(t), termSums[k] / data.size());
      RegressionMetrics r = regressionSums[k].result();
      if (r.count() > 0) {
        regression.putIfAbsent(t.output(), r);
      }
    }
    return new Evaluation(
        lossSum / data.size(), errors, decisions, c, termLosses, regression, matrix.result());
  }

  /** Returns a term's key in {@link Evaluation#termLosses}: {@code Loss(output, target)}. */
  static String label(LossTerm t) {
    return t.loss() + "(" + t.output() + ", " + t.target() + ")";
  }

  /** Returns the decision this evaluator applies to the classified output. */
  Decision decision() {
    return decision;
  }

  /** Counts decisions of one batch (for running training metrics); adds to {@code confusion}. */
  int count(Map<String, Tensor> outputs, Map<String, Tensor> targets, long[] into) {
    return decision.count(outputs.get(output), targets.get(target), into);
  }

  /** Returns the number of decisions in a batch's output. */
  int decisions(Map<String, Tensor> outputs) {
    return decision.decisions(outputs.get(output));
  }

  private Batches batchesFor(Dataset data) {
    if (data == lastData) {
      return lastBatches;
    }
    if (data == otherData) {
      Dataset d = otherData;
      Batches b = otherBatches;
      otherData = lastData;
      otherBatches = lastBatches;
      lastData = d;
      lastBatches = b;
      return b;
    }
    otherData = lastData;
    otherBatches = lastBatches;
    lastData = data;
    lastBatches = data.batches(chunkSize);
    return lastBatches;
  }
}
