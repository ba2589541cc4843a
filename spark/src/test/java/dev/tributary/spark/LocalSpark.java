package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.train.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Test helpers: a loopback-bound local Spark session, data frames from datasets, graph files. */
final class LocalSpark {
  private LocalSpark() {}

  /** Starts a session on {@code master} bound to 127.0.0.1 with the UI off. */
  static SparkSession start(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("tributary-test")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }

  /** Reads a graph file of examples/graphs. */
  static GraphSpec graph(String name) throws IOException {
    return GraphSpec.read(Path.of("..", "examples", "graphs", name));
  }

  /**
   * Returns a single-input, single-target dataset as rows {@code x1..xw, y1..yv} (floats, exactly
   * the tensors' values) in {@code partitions} contiguous slices, keeping the dataset's order.
   */
  static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
    Tensor x = data.features(Dataset.FEATURES);
    Tensor y = data.targets(Dataset.TARGETS);
    int w = x.dim(1);
    int v = y.dim(1);
    List<StructField> fields = new ArrayList<>();
    for (int j = 0; j < w; j++) {
      fields.add(DataTypes.createStructField("x" + (j + 1), DataTypes.FloatType, false));
    }
    for (int j = 0; j < v; j++) {
      fields.add(DataTypes.createStructField("y" + (j + 1), DataTypes.FloatType, false));
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      Object[] values = new Object[w + v];
      for (int j = 0; j < w; j++) {
        values[j] = x.data()[i * w + j];
      }
      for (int j = 0; j < v; j++) {
        values[w + j] = y.data()[i * v + j];
      }
      rows.add(RowFactory.create(values));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(
        jsc.parallelize(rows, partitions), DataTypes.createStructType(fields));
  }

  /** Returns max |a − b| / max |b| over every parameter tensor: the worst relative difference. */
  static double relativeDifference(Network a, Network b) {
    double worst = 0;
    for (Map.Entry<String, Parameter> e : b.parameters().entrySet()) {
      float[] x = a.parameters().get(e.getKey()).value().data();
      float[] y = e.getValue().value().data();
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < y.length; i++) {
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
        scale = Math.max(scale, Math.abs(y[i]));
      }
      worst = Math.max(worst, diff / scale);
    }
    return worst;
  }

  /** Returns whether two networks' parameters are bitwise equal. */
  static boolean bitwiseEqual(Network a, Network b) {
    for (Map.Entry<String, Parameter> e : b.parameters().entrySet()) {
      if (!a.parameters().get(e.getKey()).value().equals(e.getValue().value())) {
        return false;
      }
    }
    return true;
  }
}
