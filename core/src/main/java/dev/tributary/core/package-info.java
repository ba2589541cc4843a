/**
 * The tensor core: {@link dev.tributary.core.Tensor} (row-major float32 in one array), weight
 * initialisers ({@link dev.tributary.core.Init}) and the kernels every layer runs on: {@link
 * dev.tributary.core.MatMul}, {@link dev.tributary.core.Elementwise} and {@link
 * dev.tributary.core.Reductions}.
 *
 * <p>Matrix products run on the Vector API kernel when the JVM has the module {@code
 * jdk.incubator.vector}, otherwise on a scalar kernel; {@link dev.tributary.core.Kernels} says
 * which and sets the thread count, {@link dev.tributary.core.KernelPath} calls either explicitly.
 */
package dev.tributary.core;
