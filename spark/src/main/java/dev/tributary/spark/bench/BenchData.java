package dev.tributary.spark.bench;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a disc {@link Dataset} into the data frames both contenders read. The frames are
 * checkpointed locally, so their partitions are as small as a file read's: a parallelized
 * collection carries its rows inside every task of every job that reads it (4.5 MB a task at 100
 * 000 rows), which would charge each training step for shipping the data set.
 */
final class BenchData {
  private BenchData() {}

  /** A frame of {@code rows} in {@code slices} partitions, in order, with its lineage cut. */
  private static org.apache.spark.sql.Dataset<Row> local(
      SparkSession spark, List<Row> rows, int slices, StructType schema) {
    return spark
        .createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
            schema)
        .localCheckpoint();
  }

  /** Columns {@code x1, x2, y} as floats, in {@code slices} contiguous partitions. */
  static org.apache.spark.sql.Dataset<Row> columns(SparkSession spark, Dataset d, int slices) {
    float[] x = d.features(Dataset.FEATURES).data();
    float[] y = d.targets(Dataset.TARGETS).data();
    List<Row> rows = new ArrayList<>(d.size());
    for (int i = 0; i < d.size(); i++) {
      rows.add(RowFactory.create(x[2 * i], x[2 * i + 1], y[i]));
    }
    StructType schema =
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("x1", DataTypes.FloatType, false),
                DataTypes.createStructField("x2", DataTypes.FloatType, false),
                DataTypes.createStructField("y", DataTypes.FloatType, false)));
    return local(spark, rows, slices, schema);
  }

  /**
   * MLlib's form: a {@code features} vector with the inputs mapped to [−1, 1] (what its sigmoid
   * layers want) and a double {@code label}, in {@code slices} partitions.
   */
  static org.apache.spark.sql.Dataset<Row> mllib(SparkSession spark, Dataset d, int slices) {
    Tensor xt = d.features(Dataset.FEATURES);
    float[] x = xt.data();
    float[] y = d.targets(Dataset.TARGETS).data();
    List<Row> rows = new ArrayList<>(d.size());
    for (int i = 0; i < d.size(); i++) {
      rows.add(
          RowFactory.create(
              Vectors.dense(2.0 * x[2 * i] - 1, 2.0 * x[2 * i + 1] - 1), (double) y[i]));
    }
    StructType schema =
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), false),
                DataTypes.createStructField("label", DataTypes.DoubleType, false)));
    return local(spark, rows, slices, schema);
  }
}
