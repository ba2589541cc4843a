package dev.tributary.graph;

import java.util.SplittableRandom;

/** The mode and generator a network's operators see through their contexts. */
final class RunState {
  boolean training = true;
  SplittableRandom random;

  /** Restarts the generator for a seed (a stream apart from the parameter initialisation's). */
  void seed(long seed) {
    random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
  }
}
