package dev.tributary.spark;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds a network's predictions to a {@code Dataset<Row>}: one column per network output (a double
 * for a one-wide output, an ML {@code Vector} otherwise), computed partition by partition with one
 * network loaded from the model file per partition, in batches of {@link #batchSize} rows gathered
 * into reused tensors.
 *
 * <pre>{@code
 * Dataset<Row> scored = SparkPredictor.load(Path.of("model.safetensors"))
 *     .features("x1", "x2")
 *     .transform(rows);                       // rows + a "prediction" column
 * }</pre>
 *
 * <p>The model file is read and checked against the columns on the driver: a file that cannot be
 * read, or whose inputs do not match the columns given, fails before any Spark job starts.
 */
public final class SparkPredictor {
  /** The default name of the prediction column of a single-output network. */
  public static final String PREDICTION = "prediction";

  private final Path file;
  private final byte[] model;
  private final Network network;
  private final Map<String, ColumnSource> features = new LinkedHashMap<>();
  private final Map<String, String> outputColumns = new LinkedHashMap<>();
  private int batchSize = 1024;

  private SparkPredictor(Path file, byte[] model, Network network) {
    this.file = file;
    this.model = model;
    this.network = network;
    for (String out : network.outputs()) {
      outputColumns.put(out, network.outputs().size() == 1 ? PREDICTION : out);
    }
  }

  /**
   * Reads a model file (on the driver) for scoring.
   *
   * @throws IOException naming the file if it cannot be read or is not a valid model file
   */
  public static SparkPredictor load(Path modelFile) throws IOException {
    Network net = ModelFile.load(modelFile);
    return new SparkPredictor(modelFile, Files.readAllBytes(modelFile), net);
  }

  /** Returns the network read from the model file (the driver's copy). */
  public Network network() {
    return network;
  }

  /**
   * Feeds the lone input from these numeric columns.
   *
   * @throws IllegalArgumentException if the model has several inputs or the count is wrong
   */
  public SparkPredictor features(String... columns) {
    return inputColumns(loneInput(), columns);
  }

  /**
   * Feeds input {@code input} from these numeric columns.
   *
   * @throws IllegalArgumentException if {@code input} is not an input of the model, or the number
   *     of columns is not the input's width
   */
  public SparkPredictor inputColumns(String input, String... columns) {
    checkInput(input);
    ColumnSource s = new ColumnSource(input, List.of(columns), false);
    int width = network.width(input);
    if (columns.length != width) {
      throw new IllegalArgumentException(
          String.format(
              "SparkPredictor: model file %s: input `%s` takes %d features but %d columns are given"
                  + " (%s); pass the columns the model was trained on",
              file, input, width, columns.length, s.columns));
    }
    features.put(input, s);
    return this;
  }

  /**
   * Feeds the lone input from one ML {@code Vector} column.
   *
   * @throws IllegalArgumentException if the model has several inputs
   */
  public SparkPredictor vectorFeatures(String column) {
    String input = loneInput();
    features.put(input, new ColumnSource(input, List.of(column), true));
    return this;
  }

  /**
   * Names the column of output {@code output} (default {@value #PREDICTION} for a lone output, else
   * the output's name).
   *
   * @throws IllegalArgumentException if {@code output} is not an output of the model
   */
  public SparkPredictor outputColumn(String output, String column) {
    if (!outputColumns.containsKey(output)) {
      throw new IllegalArgumentException(
          "SparkPredictor: `"
              + output
              + "` is not an output; the outputs are "
              + network.outputs());
    }
    outputColumns.put(output, new ColumnSource(output, List.of(column), false).columns.get(0));
    return this;
  }

  /**
   * Sets the rows per forward pass (default 1024).
   *
   * @throws IllegalArgumentException if {@code rows < 1}
   */
  public SparkPredictor batchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("SparkPredictor: batch size must be ≥ 1, got " + rows);
    }
    this.batchSize = rows;
    return this;
  }

  /**
   * Returns {@code data} with the prediction column(s) appended (lazily: nothing runs until an
   * action).
   *
   * @throws IllegalArgumentException before any job if an input has no columns, a column is missing
   *     or not numeric, or a prediction column already exists
   */
  public Dataset<Row> transform(Dataset<Row> data) {
    List<ColumnSource> sources = new ArrayList<>();
    for (String input : network.inputs()) {
      ColumnSource s = features.get(input);
      if (s == null) {
        throw new IllegalArgumentException(
            "SparkPredictor: no columns for input `" + input + "`; call features(...) for it");
      }
      sources.add(s);
    }
    StructType schema = data.schema();
    RowBlocks.checkSchema(schema, sources, "SparkPredictor");
    StructType out = schema;
    List<String> names = List.of(schema.fieldNames());
    for (String output : network.outputs()) {
      String column = outputColumns.get(output);
      if (names.contains(column)) {
        throw new IllegalArgumentException(
            "SparkPredictor: the data already has a column `"
                + column
                + "`; pick another with outputColumn(\""
                + output
                + "\", name)");
      }
      boolean scalar = network.width(output) == 1;
      out = out.add(column, scalar ? DataTypes.DoubleType : SQLDataTypes.VectorType(), false);
    }
    int[][] fields = new int[sources.size()][];
    for (int k = 0; k < sources.size(); k++) {
      ColumnSource s = sources.get(k);
      fields[k] = new int[s.columns.size()];
      for (int j = 0; j < fields[k].length; j++) {
        fields[k][j] = schema.fieldIndex(s.columns.get(j));
      }
    }
    byte[] bytes = model;
    int rows = batchSize;
    List<String> outputs = network.outputs();
    return data.mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
            it -> new Scorer(load(bytes), sources, fields, outputs, rows, it),
        Encoders.row(out));
  }

  /** Loads the model bytes into a network (once per partition). */
  private static Network load(byte[] bytes) {
    try {
      Path tmp = Files.createTempFile("tributary-model", ".safetensors");
      try {
        Files.write(tmp, bytes);
        return ModelFile.load(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("SparkPredictor: cannot load the shipped model", e);
    }
  }

  private String loneInput() {
    if (network.inputs().size() != 1) {
      throw new IllegalArgumentException(
          "SparkPredictor: model file "
              + file
              + " has inputs "
              + network.inputs()
              + "; name the input: inputColumns(input, columns...)");
    }
    return network.inputs().get(0);
  }

  private void checkInput(String input) {
    if (!network.inputs().contains(input)) {
      throw new IllegalArgumentException(
          "SparkPredictor: model file "
              + file
              + " has no input `"
              + input
              + "`; its inputs are "
              + network.inputs());
    }
  }

  /** Iterates one partition's scored rows, a batch at a time. */
  private static final class Scorer implements Iterator<Row> {
    private final ScoringBatch batch;
    private final Iterator<Row> input;
    private int next;
    private int filled;

    Scorer(
        Network network,
        List<ColumnSource> sources,
        int[][] fields,
        List<String> outputs,
        int batchSize,
        Iterator<Row> input) {
      this.batch = new ScoringBatch(network, sources, fields, outputs, batchSize);
      this.input = input;
    }

    @Override
    public boolean hasNext() {
      return next < filled || input.hasNext();
    }

    @Override
    public Row next() {
      if (next == filled) {
        if (!input.hasNext()) {
          throw new NoSuchElementException("no more rows in this partition");
        }
        filled = batch.fill(input);
        next = 0;
      }
      return batch.row(next++);
    }
  }
}
