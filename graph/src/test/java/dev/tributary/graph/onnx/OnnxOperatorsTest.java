package dev.tributary.graph.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.Probabilities;
import dev.tributary.core.Tensor;
import dev.tributary.graph.OnnxRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mappings of the operators that are not in the engine yet (the images family, LeakyReLU,
 * GELU), each run alone in ONNX Runtime from its graph file fields and compared with the PyTorch
 * formula computed here, so that adding the operator classes only has to register them.
 */
class OnnxOperatorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void flatten_nchw_rowMajorFeatures() throws Exception {
    Tensor x = random(1, 2, 2, 2, 3);
    Tensor y = run("{\"type\": \"Flatten\"}", x, Map.of());
    OnnxRuntime.assertClose(Tensor.of(x.data().clone(), 2, 12), y, "Flatten");
  }

  @Test
  void slice_fromTo_takesThoseChannels() throws Exception {
    Tensor x = random(2, 3, 5);
    Tensor y = run("{\"type\": \"Slice\", \"from\": 1, \"to\": 4}", x, Map.of());
    Tensor expected = Tensor.zeros(3, 3);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        expected.set(x.get(i, j + 1), i, j);
      }
    }
    OnnxRuntime.assertClose(expected, y, "Slice");
  }

  @Test
  void softmax_logits_rowSoftmax() throws Exception {
    Tensor x = random(3, 4, 6);
    Tensor y = run("{\"type\": \"Softmax\"}", x, Map.of());
    OnnxRuntime.assertClose(Probabilities.softmaxRows(x, Tensor.zeros(4, 6)), y, "Softmax");
  }

  @Test
  void dropout_evaluationMode_identity() throws Exception {
    Tensor x = random(4, 5, 3);
    OnnxRuntime.assertClose(x, run("{\"type\": \"Dropout\", \"p\": 0.5}", x, Map.of()), "Dropout");
  }

  @Test
  void leakyRelu_slope_scalesNegatives() throws Exception {
    Tensor x = random(5, 4, 4);
    Tensor expected = x.copy();
    float[] e = expected.data();
    for (int i = 0; i < e.length; i++) {
      e[i] = e[i] < 0 ? 0.2f * e[i] : e[i];
    }
    OnnxRuntime.assertClose(
        expected, run("{\"type\": \"LeakyReLU\", \"slope\": 0.2}", x, Map.of()), "LeakyReLU");
  }

  @Test
  void gelu_exact_matchesErfFormula() throws Exception {
    Tensor x = random(6, 5, 4);
    Tensor expected = x.copy();
    float[] e = expected.data();
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) (0.5 * e[i] * (1 + erf(e[i] / Math.sqrt(2))));
    }
    OnnxRuntime.assertClose(expected, run("{\"type\": \"GELU\"}", x, Map.of()), "GELU");
  }

  @Test
  void maxPoolAndAvgPool_kernelAndStride_matchWindows() throws Exception {
    Tensor x = random(7, 2, 3, 5, 5);
    Tensor max = run("{\"type\": \"MaxPool2d\", \"kernel\": 2}", x, Map.of());
    Tensor avg = run("{\"type\": \"AvgPool2d\", \"kernel\": 3, \"stride\": 1}", x, Map.of());
    OnnxRuntime.assertClose(pool(x, 2, 2, true), max, "MaxPool2d");
    OnnxRuntime.assertClose(pool(x, 3, 1, false), avg, "AvgPool2d");
  }

  @Test
  void conv2d_strideAndPadding_matchesDirectConvolution() throws Exception {
    Tensor x = random(8, 2, 3, 6, 5);
    Tensor w = random(9, 4, 3, 3, 3);
    Tensor b = random(10, 4);
    Tensor y =
        run(
            "{\"type\": \"Conv2d\", \"in\": 3, \"out\": 4, \"kernel\": 3, \"stride\": 2,"
                + " \"padding\": 1}",
            x,
            Map.of("n.weight", w, "n.bias", b));
    OnnxRuntime.assertClose(conv(x, w, b, 2, 1), y, "Conv2d");
  }

  @Test
  void batchNorm2d_runningStatistics_normalisesPerChannel() throws Exception {
    Tensor x = random(11, 2, 3, 2, 2);
    Tensor gamma = random(12, 3);
    Tensor beta = random(13, 3);
    Tensor mean = random(14, 3);
    Tensor var = Tensor.of(new float[] {0.5f, 1.5f, 2.5f}, 3);
    Tensor y =
        run(
            "{\"type\": \"BatchNorm2d\", \"channels\": 3}",
            x,
            Map.of(
                "n.weight", gamma,
                "n.bias", beta,
                "n.running_mean", mean,
                "n.running_var", var));
    Tensor expected = x.copy();
    float[] e = expected.data();
    for (int i = 0; i < e.length; i++) {
      int c = (i / 4) % 3;
      e[i] =
          (float)
              ((e[i] - mean.data()[c])
                      / Math.sqrt(var.data()[c] + OnnxOperators.BATCH_NORM_EPS)
                      * gamma.data()[c]
                  + beta.data()[c]);
    }
    OnnxRuntime.assertClose(expected, y, "BatchNorm2d");
  }

  @Test
  void parameter_missingTensor_namesNodeAndTensor() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> run("{\"type\": \"Linear\", \"in\": 2, \"out\": 1}", random(1, 1, 2), Map.of()));
    assertTrue(e.getMessage().contains("`n` needs the tensor n.weight"), e.getMessage());
  }

  @Test
  void integer_missingField_namesNodeAndField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run("{\"type\": \"MaxPool2d\"}", random(1, 1, 1, 2, 2), Map.of()));
    assertTrue(e.getMessage().contains("`n` (MaxPool2d) has no integer field `kernel`"));
  }

  /** Exports node {@code n} alone, fed by graph input {@code x}, runs it and returns its output. */
  private Tensor run(String fields, Tensor x, Map<String, Tensor> tensors) throws Exception {
    GraphProto.Builder graph = GraphProto.newBuilder().setName("one");
    graph.addInput(Protos.batchTensor("x", Arrays.copyOfRange(x.shape(), 1, x.rank())));
    Fields f = new Fields("n", JSON.readTree(fields));
    NodeContext c =
        new NodeContext(
            graph,
            tensors,
            new HashSet<>(List.of("x", "n")),
            new HashSet<>(),
            "n",
            f,
            List.of("x"));
    OnnxOperators.MAPPINGS.get(f.type()).emit(c);
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName("n")
            .setType(
                TypeProto.newBuilder()
                    .setTensorType(
                        TypeProto.Tensor.newBuilder()
                            .setElemType(TensorProto.DataType.FLOAT.getNumber()))));
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(OnnxExport.IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(OnnxExport.OPSET))
            .setGraph(graph)
            .build();
    Path file = dir.resolve(f.type() + ".onnx");
    Files.write(file, model.toByteArray());
    return OnnxRuntime.run(file, Map.of("x", x)).get("n");
  }

  private static Tensor random(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 4 - 2);
    }
    return t;
  }

  /** Square pooling without padding, floor mode, as PyTorch's MaxPool2d/AvgPool2d. */
  private static Tensor pool(Tensor x, int k, int s, boolean max) {
    int n = x.dim(0);
    int ch = x.dim(1);
    int oh = (x.dim(2) - k) / s + 1;
    int ow = (x.dim(3) - k) / s + 1;
    Tensor y = Tensor.zeros(n, ch, oh, ow);
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < ch; c++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int u = 0; u < k; u++) {
              for (int v = 0; v < k; v++) {
                float value = x.get(b, c, i * s + u, j * s + v);
                acc = max ? Math.max(acc, value) : acc + value;
              }
            }
            y.set((float) (max ? acc : acc / (k * k)), b, c, i, j);
          }
        }
      }
    }
    return y;
  }

  /** Direct cross-correlation with zero padding, as PyTorch's Conv2d. */
  private static Tensor conv(Tensor x, Tensor w, Tensor bias, int s, int p) {
    int n = x.dim(0);
    int in = x.dim(1);
    int out = w.dim(0);
    int k = w.dim(2);
    int oh = (x.dim(2) + 2 * p - k) / s + 1;
    int ow = (x.dim(3) + 2 * p - k) / s + 1;
    Tensor y = Tensor.zeros(n, out, oh, ow);
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = bias.data()[o];
            for (int c = 0; c < in; c++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int r = i * s + u - p;
                  int q = j * s + v - p;
                  if (r >= 0 && r < x.dim(2) && q >= 0 && q < x.dim(3)) {
                    acc += (double) x.get(b, c, r, q) * w.get(o, c, u, v);
                  }
                }
              }
            }
            y.set((float) acc, b, o, i, j);
          }
        }
      }
    }
    return y;
  }

  /** erf by its Maclaurin series (|x| ≤ 2 here: 60 terms reach double precision). */
  private static double erf(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; n < 60; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    assertEquals(Math.signum(x), Math.signum(sum), 1e-12);
    return 2 / Math.sqrt(Math.PI) * sum;
  }
}
