package dev.tributary.graph.train;

/** The order in which a {@link Trainer} visits the training rows each epoch. */
public enum BatchOrder {
  /** A fresh seeded permutation every epoch (the default, as {@code DataLoader(shuffle=True)}). */
  SHUFFLED,
  /** The dataset's own order, every epoch. */
  IN_ORDER
}
