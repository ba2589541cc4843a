package dev.tributary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.graph.Network;
import dev.tributary.graph.io.GraphSpec;
import dev.tributary.graph.loss.MSELoss;
import dev.tributary.graph.optim.Adam;
import dev.tributary.graph.optim.Optimizer;
import dev.tributary.graph.optim.SGD;
import dev.tributary.graph.train.Dataset;
import dev.tributary.graph.train.SyntheticData;
import dev.tributary.graph.train.Trainer;
import java.io.IOException;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SparkTrainer against the single-machine Trainer on local[2]: the same seed, data and global batch
 * give the same parameters, for the seed network and the converging graph, 1 and 10 steps, 1, 2 and
 * 4 partitions.
 */
class SparkTrainerEqualityTest {
  /** Issue 16's bound on the parameters' relative difference. */
  private static final double TOLERANCE = 1e-5;

  private static final int BATCH = 20;
  private static final long SEED = 7;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Network single(
      GraphSpec spec, Dataset data, Function<Network, Optimizer> opt, int epochs) {
    Network net = spec.build(SEED);
    Trainer.builder(net, new MSELoss(), opt.apply(net))
        .epochs(epochs)
        .batchSize(BATCH)
        .seed(SEED)
        .build()
        .fit(data);
    return net;
  }

  private static Network spark(
      GraphSpec spec, Dataset data, Function<Network, Optimizer> opt, int epochs, int partitions) {
    Network net = spec.build(SEED);
    return SparkTrainer.builder(net, MSELoss::new, opt.apply(net))
        .features("x1", "x2")
        .targets("y1")
        .epochs(epochs)
        .batchSize(BATCH)
        .seed(SEED)
        .progress(null)
        .build()
        .fit(LocalSpark.frame(spark, data, partitions));
  }

  private static void check(String graph, Function<Network, Optimizer> opt) throws IOException {
    GraphSpec spec = LocalSpark.graph(graph);
    for (int steps : new int[] {1, 10}) {
      Dataset data = SyntheticData.disc(steps * BATCH, 11);
      Network expected = single(spec, data, opt, 1);
      for (int partitions : new int[] {1, 2, 4}) {
        Network actual = spark(spec, data, opt, 1, partitions);
        double diff = LocalSpark.relativeDifference(actual, expected);
        assertTrue(
            diff <= TOLERANCE,
            graph + ", " + steps + " steps, " + partitions + " partitions: relative " + diff);
        if (partitions == 1) {
          assertTrue(
              LocalSpark.bitwiseEqual(actual, expected),
              graph + ", " + steps + " steps: one partition should be bitwise the Trainer");
        }
      }
    }
  }

  @Test
  void fit_seedNetworkWithAdam_matchesTrainer() throws IOException {
    check("seed.json", net -> new Adam(net.parameters().values(), 0.01f));
  }

  @Test
  void fit_convergingGraphWithSgdMomentum_matchesTrainer() throws IOException {
    check("converging.json", net -> new SGD(net.parameters().values(), 0.5f).momentum(0.9f));
  }

  @Test
  void fit_samePartitioningTwice_isBitwiseReproducible() throws IOException {
    GraphSpec spec = LocalSpark.graph("converging.json");
    Dataset data = SyntheticData.disc(300, 5);
    Function<Network, Optimizer> adam = net -> new Adam(net.parameters().values(), 0.02f);
    Network first = spark(spec, data, adam, 2, 4);
    Network second = spark(spec, data, adam, 2, 4);
    assertTrue(LocalSpark.bitwiseEqual(first, second), "two runs on 4 partitions differ");
    Network single = single(spec, data, adam, 2);
    assertEquals(0, LocalSpark.relativeDifference(first, single), TOLERANCE);
  }
}
