package dev.tributary.graph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.core.Elementwise;
import dev.tributary.core.Tensor;
import dev.tributary.graph.Network;
import dev.tributary.graph.Parameter;
import dev.tributary.graph.loss.Loss;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.Tanh;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The non-finite guard undoes a bad step completely: parameters, the optimizer's state (momentum
 * buffers, Adam's moments) and its step counters, so training goes on bitwise as if the step had
 * never been taken.
 */
class GuardRestoreTest {
  private static final long SEED = 11;
  private static final int BATCH = 16;

  /** MSE whose gradient is poisoned with +∞ while {@code poisoned} is set (finite loss). */
  private static final class PoisonableLoss implements Loss {
    final MSELoss mse = new MSELoss();
    boolean poisoned;

    @Override
    public float forward(Tensor prediction, Tensor target) {
      return mse.forward(prediction, target);
    }

    @Override
    public Tensor backward() {
      Tensor g = mse.backward();
      if (poisoned) {
        Elementwise.fill(g, Float.POSITIVE_INFINITY);
      }
      return g;
    }
  }

  static Stream<Arguments> optimizers() {
    Function<List<Parameter>, Optimizer> momentum =
        p -> new SGD(p, 0.05f).momentum(0.9f).nesterov(true);
    Function<List<Parameter>, Optimizer> adam = p -> new Adam(p, 0.01f).weightDecay(1e-3f);
    return Stream.of(Arguments.of("sgd-nesterov", momentum), Arguments.of("adam", adam));
  }

  private static Map<String, Tensor> batch(String name, int k, int cols) {
    Dataset d = SyntheticData.disc(BATCH, SEED + k);
    Tensor t = name.equals("x") ? d.features(Dataset.FEATURES) : d.targets(Dataset.TARGETS);
    return Map.of(name, Tensor.of(t.data().clone(), BATCH, cols));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void step_badUpdateThenMore_bitwiseAsIfTheBadStepWereSkipped(
      String name, Function<List<Parameter>, Optimizer> factory) {
    Network guarded = TestNets.chain(SEED, new Linear(2, 8), new Tanh(), new Linear(8, 1));
    Network skipping = TestNets.chain(SEED, new Linear(2, 8), new Tanh(), new Linear(8, 1));
    PoisonableLoss loss = new PoisonableLoss();
    Optimizer optA = factory.apply(List.copyOf(guarded.parameters().values()));
    Optimizer optB = factory.apply(List.copyOf(skipping.parameters().values()));
    Trainer a = Trainer.builder(guarded, loss, optA).build();
    Trainer b = Trainer.builder(skipping, new MSELoss(), optB).build();

    for (int k = 0; k < 3; k++) {
      a.step(batch("x", k, 2), batch("y", k, 1));
      b.step(batch("x", k, 2), batch("y", k, 1));
    }
    loss.poisoned = true;
    assertThrows(NonFiniteException.class, () -> a.step(batch("x", 99, 2), batch("y", 99, 1)));
    loss.poisoned = false;
    for (int k = 3; k < 6; k++) {
      a.step(batch("x", k, 2), batch("y", k, 1));
      b.step(batch("x", k, 2), batch("y", k, 1));
    }

    assertEquals(optB.steps(), optA.steps(), "step count");
    for (String p : guarded.parameters().keySet()) {
      assertArrayEquals(
          skipping.parameters().get(p).value().data(),
          guarded.parameters().get(p).value().data(),
          0f,
          name + " " + p);
    }
    List<Tensor> stateA = optA.stateTensors();
    List<Tensor> stateB = optB.stateTensors();
    assertEquals(stateB.size(), stateA.size());
    for (int i = 0; i < stateA.size(); i++) {
      assertArrayEquals(stateB.get(i).data(), stateA.get(i).data(), 0f, name + " state " + i);
    }
  }
}
