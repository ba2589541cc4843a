package dev.tributary.graph.train;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.loss.MultiLoss;
import java.util.Map;

/**
 * Measures a network on a dataset: the mean loss and the classification errors of one output. The
 * dataset's feature names must be the network's inputs and its target names those the loss uses
 * ({@link Trainer#evaluate} aligns them first). Rows are evaluated in order, in chunks whose
 * buffers are reused, so evaluating the same datasets epoch after epoch allocates only the result.
 */
public final class Evaluator {
  private final Network network;
  private final MultiLoss loss;
  private final String output;
  private final String target;
  private final Decision decision;
  private final int chunkSize;
  private final long[] confusion = new long[4];
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
    boolean training = network.isTraining();
    network.setTraining(false);
    try {
      return evaluateInEvalMode(data);
    } finally {
      network.setTraining(training);
    }
  }

  private Evaluation evaluateInEvalMode(Dataset data) {
    Batches batches = batchesFor(data);
    double lossSum = 0;
    long errors = 0;
    long decisions = 0;
    java.util.Arrays.fill(confusion, 0);
    boolean binary = true;
    for (int b = 0; b < batches.count(); b++) {
      Batch batch = batches.get(b);
      Map<String, Tensor> outputs = network.forward(batch.features());
      lossSum += (double) loss.forward(outputs, batch.targets()) * batch.size();
      Tensor prediction = outputs.get(output);
      errors += decision.count(prediction, batch.targets().get(target), confusion);
      decisions += decision.decisions(prediction);
      binary &= decision.resolve(prediction) != Decision.ARGMAX || prediction.dim(1) == 2;
    }
    Confusion c =
        binary ? new Confusion(confusion[0], confusion[1], confusion[2], confusion[3]) : null;
    return new Evaluation(lossSum / data.size(), errors, decisions, c);
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
