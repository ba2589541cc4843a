package dev.tributary.graph.torch;

import static dev.tributary.graph.torch.TorchTest.TOLERANCE;
import static dev.tributary.graph.torch.TorchTest.assertClose;
import static dev.tributary.graph.torch.TorchTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.torch.Torch.Mode;
import dev.tributary.graph.torch.Torch.Precision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proves the whole-network reference right: its gradients against finite differences of libtorch's
 * own float64 forward pass, float32 against float64, the batch-norm buffers, a loss by hand, and
 * its messages.
 */
class TorchNetTest {
  /** Central differences of a float64 forward with step {@link #FD_STEP}. */
  private static final double FD_TOLERANCE = 1e-6;

  private static final double FD_STEP = 1e-6;

  /**
   * Slice, conv (padding 1), batch norm, ReLU, max pool, conv (stride 2), tanh, avg pool, linear.
   */
  private static TorchNet smallCnn(Precision precision) {
    return new TorchNet(
        List.of(
            TorchNet.slice(0, 2),
            TorchNet.conv2d("conv1", 2, 3, 3, 1, 1),
            TorchNet.batchNorm("bn1", 3),
            TorchNet.Act.RELU,
            TorchNet.maxPool2d(2, 2),
            TorchNet.conv2d("conv2", 3, 4, 3, 2, 1),
            TorchNet.Act.TANH,
            TorchNet.avgPool2d(2, 1),
            TorchNet.flatten(),
            TorchNet.linear("fc", 4, 5)),
        precision);
  }

  private static Map<String, float[]> smallCnnParameters(Random rnd) {
    Map<String, float[]> p = new LinkedHashMap<>();
    p.put("conv1.weight", random(rnd, 3 * 2 * 3 * 3));
    p.put("conv1.bias", random(rnd, 3));
    p.put("bn1.weight", random(rnd, 3));
    p.put("bn1.bias", random(rnd, 3));
    p.put("bn1.running_mean", new float[3]);
    p.put("bn1.running_var", new float[] {1, 1, 1});
    p.put("conv2.weight", random(rnd, 4 * 3 * 3 * 3));
    p.put("conv2.bias", random(rnd, 4));
    p.put("fc.weight", random(rnd, 5 * 4));
    p.put("fc.bias", random(rnd, 5));
    return p;
  }

  @Test
  void crossEntropy_smallCnnInTraining_gradientsMatchFiniteDifferencesOfTorchForward() {
    Random rnd = new Random(21);
    TorchNet net = smallCnn(Precision.FLOAT64);
    Map<String, float[]> params = smallCnnParameters(rnd);
    int[] xShape = {3, 3, 6, 6};
    float[] x = random(rnd, 3 * 3 * 6 * 6);
    int[] classes = {4, 0, 2};
    TorchNet.Output out = net.crossEntropy(params, x, xShape, classes, Mode.TRAINING);
    assertArrayEquals(new int[] {3, 5}, out.outputShape());
    assertEquals(net.parameterNames(), List.copyOf(out.gradients().keySet()));

    for (String name : net.parameterNames()) {
      float[] v = params.get(name);
      float[] g = out.gradients().get(name);
      for (int i = 0; i < v.length; i += 1 + v.length / 7) {
        float keep = v[i];
        v[i] = (float) (keep + FD_STEP);
        double plus = net.crossEntropy(params, x, xShape, classes, Mode.TRAINING).loss();
        v[i] = (float) (keep - FD_STEP);
        double minus = net.crossEntropy(params, x, xShape, classes, Mode.TRAINING).loss();
        double step = ((double) (float) (keep + FD_STEP) - (float) (keep - FD_STEP));
        v[i] = keep;
        assertEquals((plus - minus) / step, g[i], FD_TOLERANCE + 1e-4 * Math.abs(g[i]), name + i);
      }
    }
    float[] dx = out.inputGradient();
    for (int i = 0; i < x.length; i += 5) {
      float keep = x[i];
      x[i] = (float) (keep + FD_STEP);
      double plus = net.crossEntropy(params, x, xShape, classes, Mode.TRAINING).loss();
      x[i] = (float) (keep - FD_STEP);
      double minus = net.crossEntropy(params, x, xShape, classes, Mode.TRAINING).loss();
      double step = ((double) (float) (keep + FD_STEP) - (float) (keep - FD_STEP));
      x[i] = keep;
      assertEquals((plus - minus) / step, dx[i], FD_TOLERANCE + 1e-4 * Math.abs(dx[i]), "x" + i);
      if ((i / 36) % 3 == 2) {
        assertEquals(0f, dx[i], "channel 2 is sliced away: no gradient at x" + i);
      }
    }
  }

  @Test
  void crossEntropy_float32AgainstFloat64_agreeAndUpdateBatchNormBuffers() {
    Random rnd = new Random(22);
    Map<String, float[]> params = smallCnnParameters(rnd);
    int[] xShape = {4, 3, 6, 6};
    float[] x = random(rnd, 4 * 3 * 6 * 6);
    int[] classes = {1, 2, 3, 4};
    TorchNet.Output f32 =
        smallCnn(Precision.FLOAT32).crossEntropy(params, x, xShape, classes, Mode.TRAINING);
    TorchNet.Output f64 =
        smallCnn(Precision.FLOAT64).crossEntropy(params, x, xShape, classes, Mode.TRAINING);
    assertEquals(f64.loss(), f32.loss(), TOLERANCE * Math.abs(f64.loss()));
    for (String name : f64.gradients().keySet()) {
      float[] wide = f64.gradients().get(name);
      double[] expected = new double[wide.length];
      for (int i = 0; i < wide.length; i++) {
        expected[i] = wide[i];
      }
      assertClose(expected, f32.gradients().get(name), 1e-4, name);
    }
    assertEquals(1f, f32.buffers().get("bn1.num_batches_tracked")[0]);
    float[] running = f32.buffers().get("bn1.running_var");
    for (float v : running) {
      assertTrue(v != 1f && v > 0.9f, "running_var moved 10 % toward the batch variance: " + v);
    }
    TorchNet.Output eval =
        smallCnn(Precision.FLOAT32).crossEntropy(params, x, xShape, classes, Mode.EVALUATION);
    assertEquals(0f, eval.buffers().get("bn1.num_batches_tracked")[0]);
    assertArrayEquals(params.get("bn1.running_mean"), eval.buffers().get("bn1.running_mean"));
  }

  @Test
  void mse_linearLayer_matchesHandComputation() {
    TorchNet net = new TorchNet(List.of(TorchNet.linear("fc", 2, 1)));
    Map<String, float[]> params =
        Map.of("fc.weight", new float[] {2f, -1f}, "fc.bias", new float[] {0.5f});
    // predictions 2·1 − 1·3 + 0.5 = −0.5 and 2·2 − 1·0 + 0.5 = 4.5; targets 0.5 and 2.5
    TorchNet.Output out =
        net.mse(
            params,
            new float[] {1, 3, 2, 0},
            new int[] {2, 2},
            new float[] {0.5f, 2.5f},
            Mode.TRAINING);
    assertEquals(2.5, out.loss(), TOLERANCE); // ((−1)² + 2²) / 2
    // d/dpred = (pred − target) = (−1, 2); dW = Σ d·x = (−1·1 + 2·2, −1·3 + 2·0) = (3, −3)
    assertArrayEquals(new float[] {3f, -3f}, out.gradients().get("fc.weight"), (float) TOLERANCE);
    assertArrayEquals(new float[] {1f}, out.gradients().get("fc.bias"), (float) TOLERANCE);
    assertArrayEquals(new float[] {-2f, 1f, 4f, -2f}, out.inputGradient(), (float) TOLERANCE);
  }

  @Test
  void crossEntropy_missingParameter_throwsNamingIt() {
    TorchNet net = new TorchNet(List.of(TorchNet.linear("fc", 2, 3)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                net.crossEntropy(
                    Map.of("fc.weight", new float[6]),
                    new float[2],
                    new int[] {1, 2},
                    new int[] {0},
                    Mode.TRAINING));
    assertTrue(e.getMessage().contains("no array for fc.bias"), e.getMessage());
  }
}
