"""Side-by-side benchmark: this checkout's autogen against upstream autogen-agentchat 0.2.40.

    .venv/bin/python bench/run.py [--repeats 5] [--only two_agent,cache_disk]

Makes (once) a side virtual environment with upstream 0.2.40 and the same openai, httpx and pydantic
versions as the running interpreter, then runs every scenario of scenarios.py in both, interleaved
(A B A B ...), each run in a fresh process, and prints medians and the ratio ours / upstream.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
UPSTREAM_VENV = Path(os.environ.get("AUTOGEN_BENCH_UPSTREAM_VENV", HERE / ".venv-upstream"))

# scenario -> (extra args, the metric compared, what "better" means)
SCENARIOS: Dict[str, Tuple[List[str], str]] = {
    "two_agent": (["--turns", "60"], "ms_per_turn"),
    "raw_sdk": (["--turns", "60"], "ms_per_turn"),
    "tool_rounds": (["--turns", "30"], "ms_per_round"),
    "group_round_robin": (["--turns", "40"], "ms_per_round"),
    "group_auto": (["--turns", "40"], "ms_per_round"),
    "cache_disk": (["--turns", "300"], "ms_per_call"),
    "cache_legacy": (["--turns", "300"], "ms_per_call"),
    "group_20x500": ([], "cpu_ms_per_round_late"),
    "long_2000": ([], "cpu_ms_per_turn_end"),
    "long_single_10000": ([], "messages"),
    "import": ([], "seconds"),
}


def ensure_upstream_env() -> Path:
    """Create the upstream environment once; pin the shared dependencies to ours."""
    python = UPSTREAM_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {UPSTREAM_VENV} with autogen-agentchat==0.2.40 ...", flush=True)
        venv.create(UPSTREAM_VENV, with_pip=True)
        pins = [f"{name}=={metadata.version(name)}" for name in ("openai", "httpx", "pydantic")]
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "autogen-agentchat==0.2.40",
                *pins,
            ],
            check=True,
        )
    return python


def run_once(python: Path, scenario: str, extra: List[str]) -> Optional[Dict[str, Any]]:
    cmd = [str(python), str(HERE / "scenarios.py"), scenario, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent / "bench", timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  {scenario} failed on {python}: {err}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def median_of(runs: List[Dict[str, Any]], key: str) -> Any:
    values = [r[key] for r in runs if key in r]
    if not values:
        return None
    if all(isinstance(v, (int, float)) for v in values):
        return statistics.median(values)
    return max(set(values), key=values.count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--json", default="", help="also write all raw results to this file")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(SCENARIOS)
    ours, upstream = Path(sys.executable), ensure_upstream_env()
    results: Dict[str, Dict[str, List[Dict[str, Any]]]] = {n: {"ours": [], "upstream": []} for n in names}
    for rep in range(args.repeats):
        print(f"repeat {rep + 1}/{args.repeats}", flush=True)
        for name in names:
            extra = SCENARIOS[name][0]
            order = [("ours", ours), ("upstream", upstream)]
            if rep % 2:
                order.reverse()
            for label, python in order:
                out = run_once(python, name, extra)
                if out is not None:
                    results[name][label].append(out)
    print()
    print(f"{'scenario':<20} {'metric':<22} {'ours':>12} {'upstream':>12} {'ours/upstream':>14}")
    for name in names:
        metric = SCENARIOS[name][1]
        keys = sorted({k for r in results[name]["ours"] + results[name]["upstream"] for k in r})
        for key in [metric] + [k for k in keys if k != metric]:
            a, b = median_of(results[name]["ours"], key), median_of(results[name]["upstream"], key)
            ratio = f"{a / b:.2f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else "-"
            fa = f"{a:.3f}" if isinstance(a, float) else str(a)
            fb = f"{b:.3f}" if isinstance(b, float) else str(b)
            print(f"{name if key == metric else '':<20} {key:<22} {fa:>12} {fb:>12} {ratio:>14}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
