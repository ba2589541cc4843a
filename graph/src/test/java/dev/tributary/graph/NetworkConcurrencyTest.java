package dev.tributary.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.Tensor;
import dev.tributary.graph.op.Input;
import dev.tributary.graph.op.Linear;
import dev.tributary.graph.op.ReLU;
import dev.tributary.graph.op.Sigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Inference from many threads, each on its own {@link Network#copy()}. */
class NetworkConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PREDICTIONS_PER_THREAD = 2_000;

  @Test
  void copyPerThread_eightThreads_matchSequentialResultsBitwise() throws Exception {
    Network net = Nets.converging().build(17);
    List<Tensor> batches = new ArrayList<>();
    for (int i = 0; i < PREDICTIONS_PER_THREAD; i++) {
      batches.add(Nets.uniform(i, 0, 1, 1 + i % 7, 2));
    }
    List<Tensor> expected = new ArrayList<>();
    for (Tensor b : batches) {
      expected.add(net.forward(b).copy());
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Network mine = net.copy();
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  int same = 0;
                  for (int k = 0; k < PREDICTIONS_PER_THREAD; k++) {
                    int i = (k + offset * 251) % PREDICTIONS_PER_THREAD;
                    if (mine.forward(batches.get(i)).equals(expected.get(i))) {
                      same++;
                    }
                  }
                  return same;
                }));
      }
      for (Future<Integer> r : results) {
        assertEquals(PREDICTIONS_PER_THREAD, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void copyPerThread_productsLargeEnoughToBeThreaded_matchSequentialResults() throws Exception {
    Network net =
        Network.builder()
            .add("x", new Input(256))
            .add("fc1", new Linear(256, 256))
            .add("r", new ReLU())
            .add("fc2", new Linear(256, 4))
            .add("p", new Sigmoid())
            .connect("x", "fc1")
            .connect("fc1", "r")
            .connect("r", "fc2")
            .connect("fc2", "p")
            .build(3);
    Tensor x = Nets.uniform(5, -1, 1, 64, 256);
    Tensor expected = net.forward(x).copy();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Network mine = net.copy();
        results.add(
            pool.submit(
                () -> {
                  boolean same = true;
                  for (int k = 0; k < 50; k++) {
                    same &= mine.forward(x).equals(expected);
                  }
                  return same;
                }));
      }
      for (Future<Boolean> r : results) {
        assertEquals(true, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
