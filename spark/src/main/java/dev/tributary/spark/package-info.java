/**
 * Tributary on Apache Spark: {@link dev.tributary.spark.SparkTrainer} trains a network on a {@code
 * Dataset<Row>} with synchronous data-parallel steps (or local SGD), {@link
 * dev.tributary.spark.SparkPredictor} scores one with a model file. The single-machine {@code
 * Network} runs unchanged inside each task; Spark itself is a {@code provided} dependency.
 */
package dev.tributary.spark;
