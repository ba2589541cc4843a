/**
 * The Spark benchmark ({@code spark/tributary-spark bench}): Spark MLlib's multilayer perceptron
 * against {@link dev.tributary.spark.SparkTrainer} on the disc data, and the throughput of the
 * cluster path against the single-machine trainer. Figures in {@code docs/spark.md}.
 */
package dev.tributary.spark.bench;
