/**
 * libtorch, through DJL's PyTorch engine, as the test suite's reference for operator semantics:
 * {@link dev.tributary.graph.torch.Torch} runs single functional ops (convolution, pooling, batch
 * norm, softmax) forward and backward on float arrays, {@link dev.tributary.graph.torch.TorchNet} a
 * whole sequential network with a loss. Test scope only: the library never depends on DJL.
 */
package dev.tributary.graph.torch;
