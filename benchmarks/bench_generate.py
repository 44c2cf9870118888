"""Time and peak memory of ``smbkit.datasets.generate("daily_crumb")`` at several scales.

Run on demand (never part of the test suite)::

    python benchmarks/bench_generate.py            # scales 1, 10 and 55 (~10 M orders)
    python benchmarks/bench_generate.py 1 5        # chosen scales

Each scale runs in a fresh subprocess so that peak resident memory (``ru_maxrss``) is
that run's own.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import resource, sys, time
from smbkit import datasets
scale = float(sys.argv[1])
start = time.perf_counter()
biz = datasets.generate("daily_crumb", seed=0, scale=scale)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{scale:>6g} {len(biz.orders):>12,} {len(biz.order_lines):>12,} {seconds:>9.1f} "
      f"{peak_mb:>12,.0f}")
"""


def main(argv: list[str]) -> None:
    scales = [float(a) for a in argv] or [1.0, 10.0, 55.0]
    print(f"{'scale':>6} {'orders':>12} {'lines':>12} {'seconds':>9} {'peak RSS MB':>12}")
    for scale in scales:
        subprocess.run([sys.executable, "-c", CHILD, str(scale)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
