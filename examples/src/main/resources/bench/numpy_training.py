"""numpy reference for `tributary bench`'s training section.

The same workloads as TrainingBench, written the way a careful numpy user would: float32
arrays, forward pass, hand-written backward pass and the optimizer update, one mini-batch at a
time over a shuffled epoch. Prints one JSON object per workload with the median time per epoch.

Usage: python3 numpy_training.py WORKLOAD EPOCHS REPETITIONS [W3_BATCHES]
  WORKLOAD: w1-sgd | w1-adam | w2-sgd | w2-adam | w3-sgd
  W3_BATCHES: W3's samples in batches of 256 (default 20), the same number the Java side trains on.
The JSON reports the samples trained per epoch and the BLAS thread count OpenBLAS itself reports.
"""
import ctypes
import glob
import json
import os
import sys
import time

import numpy as np

F = np.float32


def xavier(rng, fan_in, fan_out):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_out, fan_in)).astype(F)


def disc(rng, n):
    x = rng.uniform(0, 1, size=(n, 2)).astype(F)
    y = (((x - 0.5) ** 2).sum(1) < 1 / (2 * np.pi)).astype(F).reshape(n, 1)
    return x, y


class SGD:
    def __init__(self, params, lr):
        self.params, self.lr = params, F(lr)

    def step(self, grads):
        for p, g in zip(self.params, grads):
            p -= self.lr * g


class Adam:
    def __init__(self, params, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.params, self.lr, self.b1, self.b2, self.eps = params, lr, b1, b2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        c1 = 1 - self.b1 ** self.t
        c2 = 1 - self.b2 ** self.t
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * g * g
            p -= F(self.lr / c1) * m / (np.sqrt(v / F(c2)) + F(self.eps))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Sequential:
    """Linear layers with ReLU between them; `head` is 'sigmoid-mse' or 'softmax-ce'."""

    def __init__(self, rng, sizes, head):
        self.W = [xavier(rng, a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(b, F) for b in sizes[1:]]
        self.head = head

    def params(self):
        return self.W + self.b

    def step(self, x, y):
        acts = [x]
        h = x
        last = len(self.W) - 1
        for i, (W, b) in enumerate(zip(self.W, self.b)):
            z = h @ W.T + b
            h = z if i == last else np.maximum(z, 0)
            acts.append(h)
        n = x.shape[0]
        if self.head == "sigmoid-mse":
            p = sigmoid(h)
            loss = np.mean((p - y) ** 2)
            g = (2.0 / p.size) * (p - y) * p * (1 - p)
        else:
            e = np.exp(h - h.max(1, keepdims=True))
            p = e / e.sum(1, keepdims=True)
            loss = -np.mean(np.log(p[np.arange(n), y.argmax(1)] + 1e-12))
            g = (p - y) / n
        gW, gb = [None] * len(self.W), [None] * len(self.W)
        for i in range(last, -1, -1):
            gW[i] = g.T @ acts[i]
            gb[i] = g.sum(0)
            if i > 0:
                g = (g @ self.W[i]) * (acts[i] > 0)
        return loss, gW + gb


class Converging:
    """Two 2→25 branches (ReLU, Tanh) summed, then 25→25 ReLU, 25→1 sigmoid, MSE."""

    def __init__(self, rng):
        self.W = [xavier(rng, 2, 25), xavier(rng, 2, 25), xavier(rng, 25, 25), xavier(rng, 25, 1)]
        self.b = [np.zeros(25, F), np.zeros(25, F), np.zeros(25, F), np.zeros(1, F)]

    def params(self):
        return self.W + self.b

    def step(self, x, y):
        W1, W2, W3, W4 = self.W
        b1, b2, b3, b4 = self.b
        a1 = np.maximum(x @ W1.T + b1, 0)
        a2 = np.tanh(x @ W2.T + b2)
        s = a1 + a2
        h3 = np.maximum(s @ W3.T + b3, 0)
        p = sigmoid(h3 @ W4.T + b4)
        loss = np.mean((p - y) ** 2)
        g4 = (2.0 / p.size) * (p - y) * p * (1 - p)
        g3 = (g4 @ W4) * (h3 > 0)
        gs = g3 @ W3
        g1 = gs * (a1 > 0)
        g2 = gs * (1 - a2 * a2)
        gW = [g1.T @ x, g2.T @ x, g3.T @ s, g4.T @ h3]
        gb = [g1.sum(0), g2.sum(0), g3.sum(0), g4.sum(0)]
        return loss, gW + gb


def blas_threads():
    """The thread count OpenBLAS reports (openblas_get_num_threads), or the environment's."""
    here = os.path.dirname(np.__file__)
    libs = glob.glob(os.path.join(here, "..", "numpy.libs", "*openblas*.so*"))
    libs += glob.glob(os.path.join(here, ".libs", "*openblas*.so*"))
    for lib in libs:
        try:
            handle = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                     "scipy_openblas_get_num_threads", "openblas_get_num_threads"):
            fn = getattr(handle, name, None)
            if fn is not None:
                fn.restype = ctypes.c_int
                return fn()
    return os.environ.get("OPENBLAS_NUM_THREADS", "unknown")


def workload(name, rng, w3_batches=20):
    if name in ("w1-sgd", "w1-adam"):
        model = Sequential(rng, [2, 25, 25, 25, 1], "sigmoid-mse")
        x, y = disc(rng, 1000)
        opt = SGD(model.params(), 0.1) if name == "w1-sgd" else Adam(model.params(), 0.001)
        return model, opt, x, y, 100
    if name in ("w2-sgd", "w2-adam"):
        model = Converging(rng)
        x, y = disc(rng, 1000)
        opt = SGD(model.params(), 0.1) if name == "w2-sgd" else Adam(model.params(), 0.001)
        return model, opt, x, y, 100
    if name == "w3-sgd":
        model = Sequential(rng, [784, 1024, 1024, 10], "softmax-ce")
        n = 256 * w3_batches
        x = rng.standard_normal((n, 784)).astype(F)
        y = np.eye(10, dtype=F)[rng.integers(0, 10, n)]
        return model, SGD(model.params(), 0.01), x, y, 256
    raise SystemExit("unknown workload " + name)


def main():
    name, epochs, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w3_batches = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    rng = np.random.default_rng(0)
    model, opt, x, y, batch = workload(name, rng, w3_batches)
    n = x.shape[0]
    times = []
    for _ in range(reps + 1):  # the first repetition warms up
        start = time.perf_counter()
        for _ in range(epochs):
            order = rng.permutation(n)
            for i in range(0, n, batch):
                idx = order[i:i + batch]
                _, grads = model.step(x[idx], y[idx])
                opt.step(grads)
        times.append((time.perf_counter() - start) / epochs)
    times = sorted(times[1:])
    ms = 1000 * times[len(times) // 2]
    print(json.dumps({"workload": name, "ms_per_epoch": ms, "samples_per_second": n / ms * 1000,
                      "samples": n, "threads": blas_threads(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
