"""How long the README's test command takes: the whole suite, in parallel, against the 10-minute
budget (issue 12). Prints the wall time, CPU time, tests run and the load average before and after,
since on a 2-core machine anything else running shows in the figure.

Usage: python benchmarks/suite_time.py [--workers auto|N] [--database-url URL] [pytest args...]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 600


def main() -> int:
    """Run the suite once and print its figures; exit 1 when it fails or runs over budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="auto", help="pytest-xdist workers (default auto)")
    parser.add_argument("--database-url", help="run on this PostgreSQL database instead of SQLite")
    args, extra = parser.parse_known_args()
    env = dict(os.environ)
    env.pop("PEERAPP_DATABASE_URL", None)
    if args.database_url:
        env["PEERAPP_DATABASE_URL"] = args.database_url
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", args.workers]
    load_before = os.getloadavg()
    started = time.perf_counter()
    run = subprocess.run([*command, *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    load_after = os.getloadavg()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = next(
        (line for line in reversed(run.stdout.splitlines()) if re.search(r"passed|failed", line)),
        "(no summary line)",
    )
    print(f"command        {' '.join(command[2:])}")
    print(f"database       {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"cores          {os.cpu_count()}")
    print(f"load before    {' '.join(f'{x:.2f}' for x in load_before)}")
    print(f"load after     {' '.join(f'{x:.2f}' for x in load_after)}")
    print(f"result         {summary.strip('= ')}")
    print(f"wall           {wall:.0f} s (budget {BUDGET_SECONDS} s)")
    print(f"cpu (user+sys) {children.ru_utime + children.ru_stime:.0f} s")
    if run.returncode != 0:
        print(run.stdout[-3000:], run.stderr[-2000:], sep="\n")
        return 1
    return 0 if wall <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
