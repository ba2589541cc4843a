/**
 * Operators: the computations a node can hold. {@link dev.tributary.graph.op.Input} feeds data in;
 * {@link dev.tributary.graph.op.Linear} is the one operator with parameters; {@link
 * dev.tributary.graph.op.ReLU}, {@link dev.tributary.graph.op.Tanh} and {@link
 * dev.tributary.graph.op.Sigmoid} are element-wise; {@link dev.tributary.graph.op.Sum} and {@link
 * dev.tributary.graph.op.Concat} join converging branches. Each file holds one operator's forward
 * and backward passes side by side.
 */
package dev.tributary.graph.op;
