"""numpy reference for `tributary bench`: times numpy.matmul on the cases given.

Usage: python3 numpy_matmul.py REPS [CASE...]   where CASE is LAYOUT:M:N:K (LAYOUT in AB, ABT, ATB).
Prints one `info key=value` line per fact, then `case LAYOUT M N K MEDIAN_SECONDS LOOP_SECONDS`
per case: LOOP_SECONDS is the same Python loop calling a no-op Python function with the same
arguments, i.e. the interpreter's per-call overhead (0 for products timed one call at a time),
which the caller subtracts. With
no CASE arguments it serves: it reads one CASE per line from standard input and answers each at
once, so the caller can interleave numpy's measurements with its own (same machine load).
The thread count is whatever the caller's environment says (OPENBLAS_NUM_THREADS); if
threadpoolctl is installed it is used as well, to pin the BLAS pool to that count.
"""
import ctypes
import glob
import os
import sys
import time

import numpy as np


def blas_info():
    """OpenBLAS version and the kernel it picked at run time (its 'core name')."""
    info = {}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info["blas"] = "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older numpy: no mode="dicts"
        info["blas"] = "unknown"
    here = os.path.dirname(np.__file__)
    libs = glob.glob(os.path.join(here, "..", "numpy.libs", "*openblas*.so*"))
    libs += glob.glob(os.path.join(here, ".libs", "*openblas*.so*"))
    for lib in libs:
        try:
            handle = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_",
                     "scipy_openblas_get_corename", "openblas_get_corename"):
            fn = getattr(handle, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                info["openblas_core"] = fn().decode()
                break
        if "openblas_core" in info:
            break
    return info


def operands(layout, m, n, k, rng):
    a = rng.standard_normal((k, m) if layout == "ATB" else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if layout == "ABT" else (k, n)).astype(np.float32)
    if layout == "ATB":
        a = a.T
    if layout == "ABT":
        b = b.T
    return a, b


def loop_seconds(calls, reps, a, b, c):
    """Median time per iteration of the same Python loop calling a no-op: the interpreter's share."""
    def noop(x, y, out=None):
        return out
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            noop(a, b, out=c)
        samples.append((time.perf_counter() - t0) / calls)
    samples.sort()
    return samples[len(samples) // 2]


def median_seconds(layout, m, n, k, reps):
    """Median seconds per matmul, and the Python loop's own per-call overhead (to subtract)."""
    rng = np.random.default_rng(0)
    a, b = operands(layout, m, n, k, rng)
    c = np.empty((m, n), dtype=np.float32)
    mm = np.matmul
    flops = 2.0 * m * n * k
    calls = max(1, int(4e7 / max(flops, 1.0)))  # tiny products: batches of ~1 ms
    warm_until = time.perf_counter() + 0.3
    while time.perf_counter() < warm_until:
        mm(a, b, out=c)
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            mm(a, b, out=c)
        samples.append((time.perf_counter() - t0) / calls)
    samples.sort()
    overhead = loop_seconds(calls, reps, a, b, c) if calls > 1 else 0.0
    return samples[len(samples) // 2], overhead


def main():
    reps = int(sys.argv[1])
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    limiter = None
    try:
        from threadpoolctl import threadpool_limits
        if threads != "default":
            limiter = threadpool_limits(limits=int(threads), user_api="blas")
    except ImportError:
        pass
    print("info numpy=%s" % np.__version__)
    for key, value in blas_info().items():
        print("info %s=%s" % (key, value))
    print("info threadpoolctl=%s" % ("yes" if limiter else "no"))
    print("info threads=%s" % threads)  # the last info line
    sys.stdout.flush()
    cases = sys.argv[2:] or sys.stdin
    for case in cases:
        case = case.strip()
        if not case:
            continue
        layout, m, n, k = case.split(":")
        m, n, k = int(m), int(n), int(k)
        seconds, overhead = median_seconds(layout, m, n, k, reps)
        print("case %s %d %d %d %.9e %.9e" % (layout, m, n, k, seconds, overhead))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
