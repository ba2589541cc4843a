package dev.tributary.graph;

import com.google.common.collect.ImmutableMap;
import dev.tributary.core.Tensor;

/**
 * The activation and gradient buffers of a network for one batch size, allocated once and reused by
 * every forward and backward pass at that size. The per-node argument arrays that operators receive
 * are built here too, so a pass allocates nothing.
 */
final class Buffers {
  final int batch;

  /** Each node's output, {@code [batch, width]}. */
  final Tensor[] outputs;

  /** Each node's output gradient, or {@code null} where no one needs it. */
  final Tensor[] grads;

  /** For each node, its predecessors' outputs in input order. */
  final Tensor[][] inputs;

  /** For each node, its predecessors' gradients ({@code null} entries where not needed). */
  final Tensor[][] gradInputs;

  /** The output nodes' buffers by name, as {@code forward} returns them. */
  final ImmutableMap<String, Tensor> outputMap;

  Buffers(Topology t, boolean[] needsGrad, int batch) {
    this.batch = batch;
    int n = t.ops.length;
    outputs = new Tensor[n];
    grads = new Tensor[n];
    for (int i = 0; i < n; i++) {
      outputs[i] = Tensor.zeros(batch, t.widths[i]);
      if (needsGrad[i] || t.succs[i].length == 0) {
        grads[i] = Tensor.zeros(batch, t.widths[i]);
      }
    }
    inputs = new Tensor[n][];
    gradInputs = new Tensor[n][];
    for (int i = 0; i < n; i++) {
      int[] p = t.preds[i];
      inputs[i] = new Tensor[p.length];
      gradInputs[i] = new Tensor[p.length];
      for (int j = 0; j < p.length; j++) {
        inputs[i][j] = outputs[p[j]];
        gradInputs[i][j] = needsGrad[p[j]] ? grads[p[j]] : null;
      }
    }
    ImmutableMap.Builder<String, Tensor> out = ImmutableMap.builder();
    for (String name : t.outputs) {
      out.put(name, outputs[t.indexOf(name)]);
    }
    outputMap = out.buildOrThrow();
  }
}
