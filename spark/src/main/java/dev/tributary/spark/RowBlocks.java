package dev.tributary.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a {@code Dataset<Row>} into one cached {@link Block} per partition: the named columns read
 * as floats, each row tagged with its index in the dataset's order ({@code zipWithIndex}). Column
 * names and types are checked on the driver before any job; a bad value (null, NaN, text that is
 * not a number, a vector of the wrong size) fails the conversion with a {@link
 * ColumnValueException} naming the column and row.
 */
final class RowBlocks {
  private RowBlocks() {}

  /**
   * Checks that every column exists and holds numbers, strings (parsed) or ML vectors as declared.
   *
   * @throws IllegalArgumentException naming the column if one is missing or of the wrong type
   */
  static void checkSchema(StructType schema, List<ColumnSource> sources, String what) {
    List<String> names = Arrays.asList(schema.fieldNames());
    for (ColumnSource s : sources) {
      for (String c : s.columns) {
        if (!names.contains(c)) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: no column `%s` (for `%s`) in the data; its columns are %s",
                  what, c, s.name, names));
        }
        DataType t = schema.apply(c).dataType();
        boolean isVector = t.equals(SQLDataTypes.VectorType());
        if (s.vector && !isVector) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: column `%s` is %s, not an ML Vector; pass it among the numeric columns"
                      + " instead",
                  what, c, t.simpleString()));
        }
        if (!s.vector
            && !(t instanceof NumericType || t instanceof StringType || t instanceof BooleanType)) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: column `%s` is %s; feature and target columns must be numeric (or one ML"
                      + " Vector column given as a vector column)",
                  what, c, t.simpleString()));
        }
      }
    }
  }

  /**
   * Reads {@code data} into cached blocks and materialises them (one job).
   *
   * @throws ColumnValueException if a value is missing or not a number
   */
  static JavaRDD<Block> read(
      Dataset<Row> data, List<ColumnSource> features, List<ColumnSource> targets, String what) {
    List<ColumnSource> all = new ArrayList<>(features);
    all.addAll(targets);
    checkSchema(data.schema(), all, what);
    List<Column> selected = new ArrayList<>();
    for (ColumnSource s : all) {
      for (String c : s.columns) {
        selected.add(functions.col(c));
      }
    }
    Dataset<Row> narrow = data.select(selected.toArray(new Column[0]));
    JavaRDD<Block> blocks =
        narrow
            .toJavaRDD()
            .zipWithIndex()
            .mapPartitions(rows -> convert(rows, features, targets))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      blocks.count();
    } catch (Exception e) { // Spark's SparkException is checked but thrown from Scala unchecked
      blocks.unpersist(false);
      throw rethrow(e);
    }
    return blocks;
  }

  /**
   * Returns what to throw for a failed job: the {@link ColumnValueException} inside it, else the
   * error itself (Spark's checked {@code SparkException} rethrown unchecked, as Scala does).
   */
  static RuntimeException rethrow(Exception e) {
    ColumnValueException c = ColumnValueException.find(e);
    if (c != null) {
      return c;
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    throw RowBlocks.<RuntimeException>sneaky(e);
  }

  // The "sneaky throw" idiom: T is inferred as RuntimeException, so a checked SparkException passes
  // through unwrapped, as Spark's Scala code throws it.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }

  private static Iterator<Block> convert(
      Iterator<Tuple2<Row, Long>> it, List<ColumnSource> features, List<ColumnSource> targets) {
    List<Tuple2<Row, Long>> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    int n = rows.size();
    long[] index = new long[n];
    for (int i = 0; i < n; i++) {
      index[i] = rows.get(i)._2();
    }
    int nf = features.size();
    int nt = targets.size();
    String[] fNames = new String[nf];
    int[] fWidths = new int[nf];
    float[][] f = new float[nf][];
    String[] tNames = new String[nt];
    int[] tWidths = new int[nt];
    float[][] t = new float[nt][];
    int offset = 0;
    for (int k = 0; k < nf; k++) {
      ColumnSource s = features.get(k);
      fNames[k] = s.name;
      fWidths[k] = width(s, rows, offset);
      f[k] = fill(s, rows, offset, fWidths[k]);
      offset += s.columns.size();
    }
    for (int k = 0; k < nt; k++) {
      ColumnSource s = targets.get(k);
      tNames[k] = s.name;
      tWidths[k] = width(s, rows, offset);
      t[k] = fill(s, rows, offset, tWidths[k]);
      offset += s.columns.size();
    }
    return List.of(new Block(index, fNames, fWidths, f, tNames, tWidths, t)).iterator();
  }

  private static int width(ColumnSource s, List<Tuple2<Row, Long>> rows, int offset) {
    if (!s.vector) {
      return s.columns.size();
    }
    if (rows.isEmpty()) {
      return 0;
    }
    Tuple2<Row, Long> first = rows.get(0);
    return vector(first._1(), offset, s.columns.get(0), first._2()).size();
  }

  private static float[] fill(ColumnSource s, List<Tuple2<Row, Long>> rows, int offset, int w) {
    float[] out = new float[rows.size() * w];
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i)._1();
      long r = rows.get(i)._2();
      if (s.vector) {
        String c = s.columns.get(0);
        Vector v = vector(row, offset, c, r);
        if (v.size() != w) {
          throw new ColumnValueException(
              c, r, "a vector of size " + v.size() + " where the rows before have size " + w);
        }
        for (int j = 0; j < w; j++) {
          out[i * w + j] = finite((float) v.apply(j), c, r);
        }
      } else {
        for (int j = 0; j < w; j++) {
          out[i * w + j] = number(row, offset + j, s.columns.get(j), r);
        }
      }
    }
    return out;
  }

  private static Vector vector(Row row, int field, String column, long r) {
    Object v = row.get(field);
    if (v == null) {
      throw new ColumnValueException(column, r, "missing value (null)");
    }
    return (Vector) v;
  }

  private static float number(Row row, int field, String column, long r) {
    Object v = row.get(field);
    if (v == null) {
      throw new ColumnValueException(column, r, "missing value (null)");
    }
    if (v instanceof Number num) {
      return finite(num.floatValue(), column, r);
    }
    if (v instanceof Boolean b) {
      return b ? 1f : 0f;
    }
    String text = v.toString().trim();
    if (text.isEmpty()) {
      throw new ColumnValueException(column, r, "missing value (empty text)");
    }
    try {
      return finite(Float.parseFloat(text), column, r);
    } catch (NumberFormatException e) {
      throw new ColumnValueException(column, r, "\"" + text + "\" is not a number");
    }
  }

  private static float finite(float v, String column, long r) {
    if (Float.isNaN(v)) {
      throw new ColumnValueException(column, r, "missing value (NaN)");
    }
    if (Float.isInfinite(v)) {
      throw new ColumnValueException(column, r, "infinite value (" + v + ")");
    }
    return v;
  }
}
