package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.MultiLoss;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.train.Evaluation;
import dev.tributary.graph.train.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One executor thread's copy of the trainer: a network built once from the graph, the objective,
 * and gather buffers per batch size. A task borrows a worker from {@link Workers}, loads the
 * broadcast parameters into it, computes, and gives it back; a network is never used by two tasks
 * at once.
 *
 * <p>Result vectors hold the parameters' values (gradient sums or weighted parameter sums) in
 * {@code parameters()} order, then {@value #STATS} statistics: loss × rows, rows, wrong decisions,
 * decisions.
 */
final class Worker {
  /** The number of statistics after the parameter values. */
  static final int STATS = 4;

  private final TaskConfig config;
  private final Network network;
  private final MultiLoss loss;
  private final Parameter[] params;
  private final int parameterCount;
  private final Map<Integer, Batch> batches = new HashMap<>();
  private Evaluator evaluator;

  /** Gather buffers of one batch size. */
  private static final class Batch {
    final Map<String, Tensor> features = new HashMap<>();
    final Map<String, Tensor> targets = new HashMap<>();
  }

  Worker(TaskConfig config) {
    this.config = config;
    this.network = GraphSpec.parse(config.specJson).build(0);
    this.loss = config.objective();
    Map<String, Parameter> all = network.parameters();
    List<Parameter> ordered = new ArrayList<>();
    int count = 0;
    for (String name : config.parameterNames) {
      Parameter p = all.get(name);
      ordered.add(p);
      count += p.size();
    }
    this.params = ordered.toArray(new Parameter[0]);
    this.parameterCount = count;
  }

  /** Returns the length of a result vector. */
  int resultLength() {
    return parameterCount + STATS;
  }

  /** Copies the flat parameter vector into the network. */
  void load(float[] flat) {
    int off = 0;
    for (Parameter p : params) {
      float[] v = p.value().data();
      System.arraycopy(flat, off, v, 0, v.length);
      off += v.length;
    }
  }

  /**
   * Returns the summed gradient of the rows {@code order[from..to)} of {@code block} as their share
   * of a global batch of {@code globalBatch} rows: {@code (k / B) · ∇ mean-loss(share)}, so the
   * shares add up to the gradient of the global batch's mean loss.
   */
  double[] gradient(Block block, int[] order, int from, int to, int globalBatch) {
    double[] out = new double[resultLength()];
    int k = to - from;
    if (k == 0) {
      return out;
    }
    Batch b = gather(block, order, from, k);
    Map<String, Tensor> outputs = network.forward(b.features);
    float value = loss.forward(outputs, b.targets);
    stats(out, value, k, outputs, b);
    network.zeroGrad();
    network.backward(loss.backward());
    double scale = (double) k / globalBatch;
    int off = 0;
    for (Parameter p : params) {
      float[] g = p.grad().data();
      for (int i = 0; i < g.length; i++) {
        out[off + i] = k == globalBatch ? g[i] : g[i] * scale;
      }
      off += g.length;
    }
    return out;
  }

  /**
   * Runs local-SGD steps on batches {@code [first, last)} of {@code localBatch} rows in {@code
   * order} with a fresh optimizer at learning rate {@code lr}, and returns the parameters weighted
   * by the rows trained on (so averages weight partitions by their work).
   */
  double[] localSteps(Block block, int[] order, int first, int last, int localBatch, float lr) {
    double[] out = new double[resultLength()];
    Optimizer opt = config.localOptimizer.create(Arrays.asList(params));
    opt.setLearningRate(lr);
    long rows = 0;
    for (int s = first; s < last; s++) {
      int from = s * localBatch;
      int k = Math.min(localBatch, order.length - from);
      if (k <= 0) {
        break;
      }
      Batch b = gather(block, order, from, k);
      Map<String, Tensor> outputs = network.forward(b.features);
      float value = loss.forward(outputs, b.targets);
      stats(out, value, k, outputs, b);
      opt.zeroGrad();
      network.backward(loss.backward());
      opt.step();
      rows += k;
    }
    int off = 0;
    for (Parameter p : params) {
      float[] v = p.value().data();
      for (int i = 0; i < v.length; i++) {
        out[off + i] = (double) v[i] * rows;
      }
      off += v.length;
    }
    return out;
  }

  /** Returns loss × rows, rows, wrong decisions and decisions of the whole block. */
  double[] evaluate(Block block) {
    double[] out = new double[STATS];
    if (block.size() == 0) {
      return out;
    }
    if (evaluator == null) {
      evaluator =
          new Evaluator(
              network,
              loss,
              config.classifiedOutput,
              config.classifiedTarget,
              config.decision,
              1000);
    }
    Evaluation e = evaluator.evaluate(block.asDataset());
    out[0] = e.loss() * block.size();
    out[1] = block.size();
    out[2] = e.errors();
    out[3] = e.decisions();
    return out;
  }

  private void stats(double[] out, float value, int k, Map<String, Tensor> outputs, Batch b) {
    int s = parameterCount;
    out[s] += (double) value * k;
    out[s + 1] += k;
    Tensor prediction = outputs.get(config.classifiedOutput);
    Tensor target = b.targets.get(config.classifiedTarget);
    if (prediction != null && target != null) {
      out[s + 2] += Decisions.errors(config.decision, prediction, target);
      out[s + 3] += Decisions.decisions(config.decision, prediction);
    }
  }

  private Batch gather(Block block, int[] order, int from, int k) {
    Batch b = batches.get(k);
    if (b == null) {
      if (batches.size() >= 8) {
        batches.clear();
      }
      b = new Batch();
      for (int f = 0; f < block.featureNames.length; f++) {
        b.features.put(block.featureNames[f], Tensor.zeros(k, block.featureWidths[f]));
      }
      for (int t = 0; t < block.targetNames.length; t++) {
        b.targets.put(block.targetNames[t], Tensor.zeros(k, block.targetWidths[t]));
      }
      batches.put(k, b);
    }
    for (int f = 0; f < block.featureNames.length; f++) {
      copyRows(
          block.features[f],
          block.featureWidths[f],
          order,
          from,
          k,
          b.features.get(block.featureNames[f]));
    }
    for (int t = 0; t < block.targetNames.length; t++) {
      copyRows(
          block.targets[t],
          block.targetWidths[t],
          order,
          from,
          k,
          b.targets.get(block.targetNames[t]));
    }
    return b;
  }

  private static void copyRows(float[] src, int w, int[] order, int from, int k, Tensor into) {
    float[] dst = into.data();
    for (int i = 0; i < k; i++) {
      System.arraycopy(src, order[from + i] * w, dst, i * w, w);
    }
  }
}
