package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tributary.core.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs exported models in ONNX Runtime, the reference the export is checked against. */
public final class OnnxRuntime {
  /** Agreement with Network.forward: |ort − ours| ≤ TOLERANCE · max(1, |ours|). */
  public static final double TOLERANCE = 1e-5;

  private OnnxRuntime() {}

  /** Runs a model file on named inputs and returns every output, by name, with its shape. */
  public static Map<String, Tensor> run(Path model, Map<String, Tensor> inputs)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toString(), options)) {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        long[] shape = Arrays.stream(e.getValue().shape()).asLongStream().toArray();
        feeds.put(
            e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()), shape));
      }
      Map<String, Tensor> outputs = new LinkedHashMap<>();
      try (OrtSession.Result result = session.run(feeds)) {
        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
          FloatBuffer values = t.getFloatBuffer();
          float[] data = new float[values.remaining()];
          values.get(data);
          outputs.put(e.getKey(), Tensor.of(data, shape));
        }
      }
      return outputs;
    } finally {
      for (OnnxTensor t : feeds.values()) {
        t.close();
      }
    }
  }

  /** Asserts same shape and every element within {@link #TOLERANCE}, relative. */
  public static void assertClose(Tensor expected, Tensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.data();
    float[] a = actual.data();
    for (int i = 0; i < e.length; i++) {
      double allowed = TOLERANCE * Math.max(1.0, Math.abs(e[i]));
      assertTrue(
          Math.abs(e[i] - a[i]) <= allowed,
          what + ": element " + i + " is " + a[i] + " in ONNX Runtime, " + e[i] + " in Tributary");
    }
  }
}
