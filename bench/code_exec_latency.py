"""How late a local code execution returns after the executed process has ended.

    .venv/bin/python bench/code_exec_latency.py [--runs 60]
    bench/.venv-upstream/bin/python bench/code_exec_latency.py      # the same on upstream 0.2.40 (see run.py)

The executed program writes the system-wide monotonic clock (CLOCK_MONOTONIC, shared by all processes) as its very
last act and leaves with `os._exit(0)`, so its end is that instant plus the kernel's teardown of the process. The
caller reads the same clock the moment the execution returns; the difference is the lateness measured here: process
teardown + noticing the end + collecting the output. Each path is measured with the public 0.2 API:
`LocalCommandLineCodeExecutor.execute_code_blocks` and the legacy `autogen.code_utils.execute_code`, next to a bare
`subprocess.run` of the same program as the floor (it wakes on the pipes' end) and a reference that waits with
`Popen.wait(timeout=...)`, as our executors did before (it polls). Also printed: each call's wall time. The paths
take turns, run by run, so a busy machine slows them alike; compare a path's lateness with the floor's.

Target (issue 12): median lateness within 5 ms. A run-loop that polls (e.g. `Popen.wait(timeout=...)`, which
sleeps up to 50 ms between checks) shows up here as 10-50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple

# The last thing the executed program does: print the shared clock, flush, and end at once.
PROGRAM = "import os, sys, time\nsys.stdout.write(repr(time.monotonic()))\nsys.stdout.flush()\nos._exit(0)\n"

Runner = Callable[[], str]  # runs PROGRAM once; returns its stdout


def _bare_subprocess(work_dir: Path) -> Runner:
    script = work_dir / "bare.py"
    script.write_text(PROGRAM)

    def run() -> str:
        return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600).stdout

    return run


def _polling_wait(work_dir: Path) -> Runner:
    """The reference for what a polling wait costs: reader threads plus `Popen.wait(timeout=...)`."""
    script = work_dir / "polling.py"
    script.write_text(PROGRAM)

    def run() -> str:
        proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        chunks: List[bytes] = []
        readers = [
            threading.Thread(target=lambda: chunks.append(proc.stdout.read())),
            threading.Thread(target=proc.stderr.read),
        ]
        for reader in readers:
            reader.start()
        proc.wait(timeout=600)
        for reader in readers:
            reader.join()
        proc.stdout.close()
        proc.stderr.close()
        return chunks[0].decode()

    return run


def _executor(work_dir: Path) -> Runner:
    from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor

    executor = LocalCommandLineCodeExecutor(work_dir=work_dir, timeout=600)
    blocks = [CodeBlock(code=PROGRAM, language="python")]

    def run() -> str:
        return executor.execute_code_blocks(blocks).output

    return run


def _legacy(work_dir: Path) -> Runner:
    from autogen.code_utils import execute_code

    def run() -> str:
        return execute_code(PROGRAM, work_dir=str(work_dir), use_docker=False, timeout=600)[1]

    return run


def measure(runners: Dict[str, Runner], runs: int) -> Dict[str, Tuple[List[float], List[float]]]:
    """Lateness and wall time of each run, in milliseconds, per path.

    The paths take turns run by run, so that they share the machine's load; two warm-up rounds are not counted.
    """
    figures: Dict[str, Tuple[List[float], List[float]]] = {name: ([], []) for name in runners}
    for round_no in range(runs + 2):
        for name, runner in runners.items():
            started = time.monotonic()
            output = runner()
            returned = time.monotonic()
            if round_no >= 2:
                figures[name][0].append((returned - float(output.strip())) * 1000)
                figures[name][1].append((returned - started) * 1000)
    return figures


def summary(values: List[float]) -> Dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "max": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    import autogen

    paths = {
        "subprocess.run (floor)": _bare_subprocess,
        "Popen.wait polling (ref)": _polling_wait,
        "executor": _executor,
        "legacy execute_code": _legacy,
    }
    with tempfile.TemporaryDirectory() as tmp:
        runners: Dict[str, Runner] = {}
        for number, (name, make) in enumerate(paths.items()):
            work_dir = Path(tmp) / f"path{number}"
            work_dir.mkdir()
            runners[name] = make(work_dir)
        figures = measure(runners, args.runs)
    results = {name: {"late_ms": summary(late), "wall_ms": summary(wall)} for name, (late, wall) in figures.items()}
    print(f"autogen {autogen.__version__} from {os.path.dirname(autogen.__file__)}, {args.runs} runs per path")
    print(f"{'path':<24} {'late median':>12} {'late p90':>9} {'late max':>9} {'wall median':>12}")
    for name, r in results.items():
        late, wall = r["late_ms"], r["wall_ms"]
        print(f"{name:<24} {late['median']:>12.2f} {late['p90']:>9.2f} {late['max']:>9.2f} {wall['median']:>12.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
