package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition's scoring state for {@link SparkPredictor}: the network, the input rows of the
 * current batch, and feature tensors per batch size (the full size and the last partial one), so
 * the only per-row allocations are the output {@code Row}s Spark needs.
 */
final class ScoringBatch {
  private final Network network;
  private final List<ColumnSource> sources;
  private final int[][] fields;
  private final List<String> outputs;
  private final Row[] rows;
  private final Map<Integer, Map<String, Tensor>> buffers = new HashMap<>();
  private final int partition;
  private Map<String, Tensor> results;
  private long seen;

  ScoringBatch(
      Network network,
      List<ColumnSource> sources,
      int[][] fields,
      List<String> outputs,
      int batchSize) {
    this.network = network;
    this.sources = sources;
    this.fields = fields;
    this.outputs = outputs;
    this.rows = new Row[batchSize];
    TaskContext ctx = TaskContext.get();
    this.partition = ctx == null ? 0 : ctx.partitionId();
  }

  /** Reads up to a batch of rows from {@code input}, runs the network, returns the row count. */
  int fill(Iterator<Row> input) {
    int k = 0;
    while (k < rows.length && input.hasNext()) {
      rows[k++] = input.next();
    }
    Map<String, Tensor> x = buffers.get(k);
    if (x == null) {
      if (buffers.size() >= 2) {
        buffers.clear();
      }
      x = new HashMap<>();
      for (ColumnSource s : sources) {
        x.put(s.name, Tensor.zeros(k, network.width(s.name)));
      }
      buffers.put(k, x);
    }
    for (int si = 0; si < sources.size(); si++) {
      ColumnSource s = sources.get(si);
      float[] data = x.get(s.name).data();
      int w = network.width(s.name);
      for (int i = 0; i < k; i++) {
        read(rows[i], s, fields[si], data, i * w, w, seen + i);
      }
    }
    results = network.forward(x);
    seen += k;
    return k;
  }

  /** Returns input row {@code i} of the batch with its predictions appended. */
  Row row(int i) {
    Row in = rows[i];
    Object[] values = new Object[in.size() + outputs.size()];
    for (int j = 0; j < in.size(); j++) {
      values[j] = in.get(j);
    }
    for (int o = 0; o < outputs.size(); o++) {
      Tensor t = results.get(outputs.get(o));
      int w = t.dim(1);
      float[] d = t.data();
      if (w == 1) {
        values[in.size() + o] = (double) d[i];
      } else {
        double[] v = new double[w];
        for (int j = 0; j < w; j++) {
          v[j] = d[i * w + j];
        }
        values[in.size() + o] = Vectors.dense(v);
      }
    }
    rows[i] = null;
    return RowFactory.create(values);
  }

  private void read(Row row, ColumnSource s, int[] f, float[] into, int at, int w, long r) {
    if (s.vector) {
      Object v = row.get(f[0]);
      String c = s.columns.get(0);
      if (v == null) {
        throw bad(c, r, "missing value (null)");
      }
      Vector vec = (Vector) v;
      if (vec.size() != w) {
        throw bad(c, r, "a vector of size " + vec.size() + " where the model takes " + w);
      }
      for (int j = 0; j < w; j++) {
        into[at + j] = (float) vec.apply(j);
      }
      return;
    }
    for (int j = 0; j < w; j++) {
      Object v = row.get(f[j]);
      String c = s.columns.get(j);
      if (v instanceof Number num) {
        into[at + j] = num.floatValue();
      } else if (v == null) {
        throw bad(c, r, "missing value (null)");
      } else {
        try {
          into[at + j] = Float.parseFloat(v.toString().trim());
        } catch (NumberFormatException e) {
          throw bad(c, r, "\"" + v + "\" is not a number");
        }
      }
    }
  }

  private ColumnValueException bad(String column, long r, String problem) {
    return new ColumnValueException(
        column, r, problem + " (row counted within partition " + partition + ")");
  }
}
