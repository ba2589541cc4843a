package dev.tributary.spark;

import com.google.common.collect.ImmutableList;
import dev.tributary.graph.loss.LossTerm;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.Decision;
import java.io.Serializable;
import java.util.List;

/**
 * What a task needs to rebuild the trainer's pieces on an executor: the graph as JSON, the loss
 * recipe, the parameter order, the classified output and, in local-SGD mode, the local optimizer.
 * Shipped with every task (a few kilobytes); the parameters travel by broadcast.
 */
final class TaskConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Identifies the training run, so executors keep its networks apart from other runs'. */
  final String runId;

  final String specJson;
  final LossFactory loss;
  final MultiLossFactory multiLoss;

  /** The single output the single loss is applied to (null with a multi-loss). */
  final String singleOutput;

  final ImmutableList<String> parameterNames;
  final String classifiedOutput;
  final String classifiedTarget;
  final Decision decision;
  final int batchSize;
  final long seed;
  final OptimizerFactory localOptimizer;
  final int localSteps;

  TaskConfig(
      String runId,
      String specJson,
      LossFactory loss,
      MultiLossFactory multiLoss,
      String singleOutput,
      List<String> parameterNames,
      String classifiedOutput,
      String classifiedTarget,
      Decision decision,
      int batchSize,
      long seed,
      OptimizerFactory localOptimizer,
      int localSteps) {
    this.runId = runId;
    this.specJson = specJson;
    this.loss = loss;
    this.multiLoss = multiLoss;
    this.singleOutput = singleOutput;
    this.parameterNames = ImmutableList.copyOf(parameterNames);
    this.classifiedOutput = classifiedOutput;
    this.classifiedTarget = classifiedTarget;
    this.decision = decision;
    this.batchSize = batchSize;
    this.seed = seed;
    this.localOptimizer = localOptimizer;
    this.localSteps = localSteps;
  }

  /** Builds the objective: a single loss on the lone output against target {@code y}. */
  MultiLoss objective() {
    if (multiLoss != null) {
      return multiLoss.create();
    }
    return MultiLoss.of(LossTerm.of(singleOutput, loss.create(), Dataset.TARGETS));
  }
}
