package dev.tributary.graph.op;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Shape;
import java.util.SplittableRandom;

/**
 * What a node's operator receives in {@link Operator#forward} and {@link Operator#backward}: its
 * inputs and output, their gradients, its parameters and buffers, the scratch arrays it declared,
 * the mode and the network's generator — the shape of PyTorch's {@code ctx} in an {@code
 * autograd.Function}.
 *
 * <p>The network owns everything here. It allocates the tensors and scratch arrays once per batch
 * size, keeps them from a node's forward pass to its backward pass, and hands the same context
 * object to both, so what an operator "saves for backward" is whatever it left in its scratch
 * arrays or reads again from its inputs and output. Tensors are batch-first: {@code [batch,
 * shape...]}.
 */
public interface OpContext {
  /** Returns the batch size of this pass. */
  int batch();

  /** Returns the number of inputs (predecessors). */
  int inputCount();

  /** Returns input {@code i}'s tensor, in input order. */
  Tensor input(int i);

  /** Returns input {@code i}'s per-sample shape. */
  Shape inputShape(int i);

  /** Returns the output tensor; {@code forward} overwrites it. */
  Tensor output();

  /** Returns the per-sample output shape. */
  Shape outputShape();

  /** Returns the gradient of the loss with respect to the output (backward only). */
  Tensor gradOutput();

  /**
   * Returns the gradient of input {@code i}, to <em>add</em> to; {@code null} when nothing upstream
   * needs it (then skip its computation).
   */
  Tensor gradInput(int i);

  /** Returns parameter {@code i}'s value, in {@link Operator#parameterSpecs()} order. */
  Tensor param(int i);

  /** Returns parameter {@code i}'s gradient, to <em>add</em> to. */
  Tensor paramGrad(int i);

  /** Returns buffer {@code i} (non-trainable state), in {@link Operator#bufferSpecs()} order. */
  Tensor buffer(int i);

  /** Returns float scratch array {@code i}, as declared by {@link Operator#scratch}. */
  float[] scratch(int i);

  /** Returns int scratch array {@code i}, as declared by {@link Operator#scratch}. */
  int[] indices(int i);

  /** Returns the node's plan: what {@link Operator#plan} computed from the shapes at build. */
  Object plan();

  /** Returns whether the network is in training mode (dropout active, batch statistics). */
  boolean training();

  /** Returns the network's seeded generator (dropout masks). */
  SplittableRandom random();
}
