package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Operator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A network's trainable parameters, their gradients and its buffers (non-trainable state), held per
 * node: a node that shares another's parameters holds the owner's very arrays. Allocated once when
 * the network is built; {@link #reset} initialises them from a seed.
 */
final class ParameterStore {
  /**
   * For each node, its parameter values in {@code parameterSpecs()} order (the owner's if shared).
   */
  final Tensor[][] values;

  /** For each node, the gradients of {@link #values}. */
  final Tensor[][] grads;

  /** For each node, its buffers in {@code bufferSpecs()} order (the owner's if shared). */
  final Tensor[][] buffers;

  final ImmutableMap<String, Parameter> parameters;
  final ImmutableMap<String, Tensor> bufferMap;
  private final Topology topology;
  private final Tensor[] allGrads;

  ParameterStore(Topology topology) {
    this.topology = topology;
    int n = topology.ops.length;
    values = new Tensor[n][];
    grads = new Tensor[n][];
    buffers = new Tensor[n][];
    ImmutableMap.Builder<String, Parameter> params = ImmutableMap.builder();
    ImmutableMap.Builder<String, Tensor> bufs = ImmutableMap.builder();
    for (int i = 0; i < n; i++) {
      if (topology.paramOwner[i] != i) {
        continue;
      }
      String node = topology.schedule.get(i);
      List<Operator.ParameterSpec> specs = topology.ops[i].parameterSpecs();
      values[i] = new Tensor[specs.size()];
      grads[i] = new Tensor[specs.size()];
      for (int p = 0; p < specs.size(); p++) {
        Operator.ParameterSpec spec = specs.get(p);
        values[i][p] = Tensor.zeros(spec.shape());
        grads[i][p] = Tensor.zeros(spec.shape());
        String name = node + "." + spec.suffix();
        params.put(name, new Parameter(name, values[i][p], grads[i][p]));
      }
      List<Operator.BufferSpec> bufferSpecs = topology.ops[i].bufferSpecs();
      buffers[i] = new Tensor[bufferSpecs.size()];
      for (int b = 0; b < bufferSpecs.size(); b++) {
        buffers[i][b] = Tensor.zeros(bufferSpecs.get(b).shape());
        bufs.put(node + "." + bufferSpecs.get(b).suffix(), buffers[i][b]);
      }
    }
    for (int i = 0; i < n; i++) {
      int owner = topology.paramOwner[i];
      values[i] = values[owner];
      grads[i] = grads[owner];
      buffers[i] = buffers[owner];
    }
    this.parameters = params.buildOrThrow();
    this.bufferMap = bufs.buildOrThrow();
    this.allGrads = parameters.values().stream().map(Parameter::grad).toArray(Tensor[]::new);
  }

  /** Whether node {@code i} has parameters (its own or shared). */
  boolean hasParameters(int i) {
    return values[i] != null && values[i].length > 0;
  }

  /**
   * Re-initialises every parameter from {@code seed}, each with its operator's initialiser, in
   * schedule and then {@code parameterSpecs()} order; sets every buffer to its initial value and
   * zeroes the gradients.
   */
  void reset(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < topology.ops.length; i++) {
      if (topology.paramOwner[i] != i) {
        continue;
      }
      List<Operator.ParameterSpec> specs = topology.ops[i].parameterSpecs();
      for (int p = 0; p < specs.size(); p++) {
        Operator.ParameterSpec spec = specs.get(p);
        spec.init().fill(values[i][p], spec.fanIn(), spec.fanOut(), rng);
      }
      List<Operator.BufferSpec> bufferSpecs = topology.ops[i].bufferSpecs();
      for (int b = 0; b < bufferSpecs.size(); b++) {
        Elementwise.fill(buffers[i][b], bufferSpecs.get(b).initial());
      }
    }
    zeroGrad();
  }

  /** Sets every parameter gradient to zero. */
  void zeroGrad() {
    for (Tensor g : allGrads) {
      Elementwise.fill(g, 0f);
    }
  }

  /** Copies the values of every parameter and buffer from a store of the same topology. */
  void copyFrom(ParameterStore other) {
    other.parameters.forEach((name, p) -> parameters.get(name).value().copyFrom(p.value()));
    other.bufferMap.forEach((name, b) -> bufferMap.get(name).copyFrom(b));
  }
}
