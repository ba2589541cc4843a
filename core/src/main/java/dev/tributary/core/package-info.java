/**
 * The tensor core: {@link dev.tributary.core.Tensor} (row-major float32 in one array), weight
 * initialisers ({@link dev.tributary.core.Init}) and the kernels every layer runs on: {@link
 * dev.tributary.core.MatMul}, {@link dev.tributary.core.Elementwise} and {@link
 * dev.tributary.core.Reductions}.
 */
package dev.tributary.core;
