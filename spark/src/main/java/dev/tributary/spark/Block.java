package dev.tributary.spark;

import dev.tributary.core.Tensor;
import dev.tributary.graph.train.Dataset;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of one partition as float arrays, read once from the {@code Dataset<Row>} and cached:
 * each row's global index (its place in the dataset's order) and one {@code [rows, width]} array
 * per feature and target tensor.
 */
final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The global index of each row, ascending. */
  final long[] rows;

  final String[] featureNames;
  final int[] featureWidths;
  final float[][] features;
  final String[] targetNames;
  final int[] targetWidths;
  final float[][] targets;

  private transient Dataset dataset;

  Block(
      long[] rows,
      String[] featureNames,
      int[] featureWidths,
      float[][] features,
      String[] targetNames,
      int[] targetWidths,
      float[][] targets) {
    this.rows = rows;
    this.featureNames = featureNames;
    this.featureWidths = featureWidths;
    this.features = features;
    this.targetNames = targetNames;
    this.targetWidths = targetWidths;
    this.targets = targets;
  }

  /** Returns the number of rows. */
  int size() {
    return rows.length;
  }

  /** Returns the block as a {@link Dataset} sharing its arrays (null for an empty block). */
  Dataset asDataset() {
    if (dataset == null && rows.length > 0) {
      dataset = Dataset.of(tensors(featureNames, featureWidths, features), targetTensors());
    }
    return dataset;
  }

  private Map<String, Tensor> targetTensors() {
    return tensors(targetNames, targetWidths, targets);
  }

  private Map<String, Tensor> tensors(String[] names, int[] widths, float[][] data) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int k = 0; k < names.length; k++) {
      map.put(names[k], Tensor.of(data[k], rows.length, widths[k]));
    }
    return map;
  }
}
