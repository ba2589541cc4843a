/**
 * Training: {@link dev.tributary.graph.train.Dataset} (in-memory, named, CSV-readable, mini-batches
 * in reused buffers, rows of any rank), the reports' problems ({@link
 * dev.tributary.graph.train.SyntheticData}), the course's digit pairs on real MNIST ({@link
 * dev.tributary.graph.train.DigitPairs}), metrics ({@link dev.tributary.graph.train.Evaluation},
 * {@link dev.tributary.graph.train.Confusion}, {@link dev.tributary.graph.train.Summary}), the loop
 * ({@link dev.tributary.graph.train.Trainer}) and its records ({@link
 * dev.tributary.graph.train.History}, {@link dev.tributary.graph.train.Curves}).
 */
package dev.tributary.graph.train;
