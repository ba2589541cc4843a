/**
 * The seed experiments: the five reports' studies reproduced on Tributary, each a {@code tributary}
 * subcommand that prints its table and a class whose {@code run} method returns the figures. Seeds
 * are fixed, so runs repeat bitwise. See {@code docs/training.md} for the measured results.
 */
package dev.tributary.examples.experiments;
