package dev.tributary.core;

import java.util.random.RandomGenerator;

/**
 * Weight initialisers. Each fills a weight of shape {@code [fanOut, fanIn]} (PyTorch's {@code
 * Linear} layout) from a seeded {@link RandomGenerator}, so the same seed gives bitwise the same
 * weights.
 */
public enum Init {
  /** Glorot/Xavier uniform: {@code U(-a, a)} with {@code a = sqrt(6 / (fanIn + fanOut))}. */
  XAVIER_UNIFORM {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)));
    }
  },
  /** Glorot/Xavier normal: {@code N(0, s²)} with {@code s = sqrt(2 / (fanIn + fanOut))}. */
  XAVIER_NORMAL {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return (float) (rng.nextGaussian() * Math.sqrt(2.0 / (fanIn + fanOut)));
    }
  },
  /** He/Kaiming uniform for ReLU: {@code U(-a, a)} with {@code a = sqrt(6 / fanIn)}. */
  HE_UNIFORM {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return uniform(rng, Math.sqrt(6.0 / fanIn));
    }
  },
  /** The classic {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
  UNIFORM {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return uniform(rng, 1.0 / Math.sqrt(fanIn));
    }
  },
  /** All ones (batch norm's scale). */
  ONES {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return 1f;
    }
  },
  /** All zeros (the default for biases). */
  ZEROS {
    @Override
    float sample(RandomGenerator rng, int fanIn, int fanOut) {
      return 0f;
    }
  };

  abstract float sample(RandomGenerator rng, int fanIn, int fanOut);

  private static float uniform(RandomGenerator rng, double bound) {
    return (float) ((rng.nextDouble() * 2.0 - 1.0) * bound);
  }

  /**
   * Fills {@code target} with draws from this initialiser, in element order.
   *
   * @param target the tensor to overwrite
   * @param fanIn inputs per unit (the weight's second dimension)
   * @param fanOut units (the weight's first dimension)
   * @param rng the source of randomness; it advances by one draw per element
   * @throws IllegalArgumentException if a fan is not positive
   */
  public void fill(Tensor target, int fanIn, int fanOut, RandomGenerator rng) {
    if (fanIn <= 0 || fanOut <= 0) {
      throw new IllegalArgumentException(
          name() + ": fanIn and fanOut must be positive, got " + fanIn + " and " + fanOut);
    }
    float[] d = target.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = sample(rng, fanIn, fanOut);
    }
  }

  /**
   * Fills a weight of shape {@code [out, in]} with draws from this initialiser.
   *
   * @throws IllegalArgumentException if {@code weight} is not a rank-2 tensor with positive
   *     dimensions
   */
  public void fillWeight(Tensor weight, RandomGenerator rng) {
    if (weight.rank() != 2) {
      throw new IllegalArgumentException(
          name() + ": a weight must have shape [out, in], got rank " + weight.rank());
    }
    fill(weight, weight.dim(1), weight.dim(0), rng);
  }
}
