/**
 * The {@code spark-train} command: trains a graph file on a CSV or Parquet file with Spark and
 * writes the runner's artifacts. Started by {@code spark/tributary-spark} or {@code spark-submit
 * --class dev.tributary.spark.cli.SparkTrainCommand}.
 */
package dev.tributary.spark.cli;
