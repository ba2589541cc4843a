package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Concat;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Operator;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import dev.tributary.graph.op.Sum;
import dev.tributary.graph.op.Tanh;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-worked forward and backward values of each operator on 2×3 inputs. */
class OperatorValuesTest {
  private static final float TOLERANCE = 1e-6f;

  private static final Tensor X =
      Tensor.ofRows(new float[] {-1f, 0.5f, 2f}, new float[] {3f, -0.25f, 0f});
  private static final Tensor G = Tensor.ofRows(new float[] {1f, 2f, 3f}, new float[] {4f, 5f, 6f});

  /** Runs x → op, with input gradients on; returns {output, input gradient}. */
  private static Tensor[] run(Operator op, Tensor x, Tensor gradOut) {
    Network net =
        Network.builder().add("x", new Input(x.dim(1))).add("f", op).connect("x", "f").build(0);
    net.setInputGradients(true);
    Tensor y = net.forward(x).copy();
    net.backward(gradOut);
    return new Tensor[] {y, net.inputGradient("x").copy()};
  }

  @Test
  void relu_2x3_zeroesNegativesAndPassesGradientWherePositive() {
    Tensor[] r = run(new ReLU(), X, G);
    assertArrayEquals(new float[] {0f, 0.5f, 2f, 3f, 0f, 0f}, r[0].data(), TOLERANCE);
    assertArrayEquals(new float[] {0f, 2f, 3f, 4f, 0f, 0f}, r[1].data(), TOLERANCE);
  }

  @Test
  void tanh_2x3_matchesTableValues() {
    Tensor[] r = run(new Tanh(), X, G);
    float[] y = {-0.7615942f, 0.46211717f, 0.9640276f, 0.9950547f, -0.24491866f, 0f};
    assertArrayEquals(y, r[0].data(), TOLERANCE);
    float[] g = new float[6];
    for (int i = 0; i < 6; i++) {
      g[i] = G.data()[i] * (1f - y[i] * y[i]);
    }
    // e.g. 1 · (1 − 0.76159416²) = 0.41997434
    assertArrayEquals(g, r[1].data(), TOLERANCE);
    assertArrayEquals(new float[] {0.41997433f}, new float[] {r[1].data()[0]}, TOLERANCE);
  }

  @Test
  void sigmoid_2x3_matchesTableValues() {
    Tensor[] r = run(new Sigmoid(), X, G);
    float[] y = {0.26894143f, 0.62245935f, 0.8807971f, 0.95257413f, 0.43782350f, 0.5f};
    assertArrayEquals(y, r[0].data(), TOLERANCE);
    // dy · y · (1 − y): 1 · 0.26894142 · 0.73105858 = 0.19661193, …, 6 · 0.25 = 1.5
    assertArrayEquals(
        new float[] {0.19661193f, 0.47000742f, 0.31498075f, 0.18070664f, 1.2306705f, 1.5f},
        r[1].data(),
        1e-5f);
  }

  @Test
  void linear_2x3to2_computesAffineMapAndItsGradients() {
    Network net =
        Network.builder()
            .add("x", new Input(3))
            .add("fc", new Linear(3, 2))
            .connect("x", "fc")
            .build(0);
    System.arraycopy(
        new float[] {1, 2, 3, 4, 5, 6}, 0, net.parameters().get("fc.weight").value().data(), 0, 6);
    System.arraycopy(
        new float[] {0.5f, -1f}, 0, net.parameters().get("fc.bias").value().data(), 0, 2);
    net.setInputGradients(true);
    Tensor x = Tensor.ofRows(new float[] {1, 0, -1}, new float[] {2, 1, 0});
    Tensor y = net.forward(x);
    // [1·1 + 2·0 + 3·(−1) + 0.5, 4·1 + 5·0 + 6·(−1) − 1] = [−1.5, −3]; row 2: [4.5, 12]
    assertArrayEquals(new float[] {-1.5f, -3f, 4.5f, 12f}, y.data(), TOLERANCE);
    net.backward(Tensor.ofRows(new float[] {1, 0}, new float[] {0, 1}));
    // dW = dYᵀ·X, db = Σ rows dY, dX = dY·W
    assertArrayEquals(
        new float[] {1, 0, -1, 2, 1, 0},
        net.parameters().get("fc.weight").grad().data(),
        TOLERANCE);
    assertArrayEquals(new float[] {1, 1}, net.parameters().get("fc.bias").grad().data(), TOLERANCE);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, net.inputGradient("x").data(), TOLERANCE);
  }

  @Test
  void sum_twoInputs_addsAndCopiesGradientToBoth() {
    Network net =
        Network.builder()
            .add("a", new Input(3))
            .add("b", new Input(3))
            .add("s", new Sum())
            .connect("a", "s")
            .connect("b", "s")
            .build(0);
    net.setInputGradients(true);
    Map<String, Tensor> out = net.forward(Map.of("a", X, "b", G));
    assertArrayEquals(new float[] {0f, 2.5f, 5f, 7f, 4.75f, 6f}, out.get("s").data(), TOLERANCE);
    net.backward(Map.of("s", G));
    assertArrayEquals(G.data(), net.inputGradient("a").data(), TOLERANCE);
    assertArrayEquals(G.data(), net.inputGradient("b").data(), TOLERANCE);
  }

  @Test
  void concat_inputsInOperatorsMapOrder_joinsColumnsAndSplitsGradient() {
    // "b" is declared before "a", so it comes first whatever the connectivity order.
    Network net =
        Network.builder()
            .add("b", new Input(2))
            .add("a", new Input(1))
            .add("c", new Concat())
            .connect("a", "c")
            .connect("b", "c")
            .build(0);
    net.setInputGradients(true);
    Tensor a = Tensor.ofRows(new float[] {7}, new float[] {8});
    Tensor b = Tensor.ofRows(new float[] {1, 2}, new float[] {3, 4});
    Map<String, Tensor> out = net.forward(Map.of("a", a, "b", b));
    assertArrayEquals(new float[] {1, 2, 7, 3, 4, 8}, out.get("c").data(), TOLERANCE);
    net.backward(Map.of("c", G));
    assertArrayEquals(new float[] {1, 2, 4, 5}, net.inputGradient("b").data(), TOLERANCE);
    assertArrayEquals(new float[] {3, 6}, net.inputGradient("a").data(), TOLERANCE);
  }
}
