/**
 * Optimizers and learning-rate schedules, with PyTorch's update equations and defaults: {@link
 * dev.tributary.graph.optim.SGD} (momentum, dampening, Nesterov, weight decay), {@link
 * dev.tributary.graph.optim.Adam}, {@link dev.tributary.graph.optim.AdamW}; the schedules {@link
 * dev.tributary.graph.optim.StepLR}, {@link dev.tributary.graph.optim.ReduceLROnPlateau} and the
 * adaptive rule of report 000, {@link dev.tributary.graph.optim.AdaptiveDecay}. Updates run in the
 * fused kernels of {@code dev.tributary.core.OptimizerKernels}.
 */
package dev.tributary.graph.optim;
