/**
 * Losses: {@link dev.tributary.graph.loss.Loss} and PyTorch's {@link
 * dev.tributary.graph.loss.MSELoss}, {@link dev.tributary.graph.loss.L1Loss}, {@link
 * dev.tributary.graph.loss.BCELoss}, {@link dev.tributary.graph.loss.BCEWithLogitsLoss} and {@link
 * dev.tributary.graph.loss.CrossEntropyLoss}, each a mean with its hand-written gradient computed
 * by a fused kernel of {@code dev.tributary.core.LossKernels}; and {@link
 * dev.tributary.graph.loss.MultiLoss}, a weighted sum of per-output losses for networks with
 * several outputs.
 */
package dev.tributary.graph.loss;
