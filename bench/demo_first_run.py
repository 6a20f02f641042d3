"""How long the README's offline demo takes a newcomer, and how fast the local model answers once set up.

`python bench/demo_first_run.py` clones this repository into a temporary directory and runs the README's demo
command (`bash scripts/demo.sh`) there twice, with no OAI_CONFIG_LIST, a fresh pip cache and a fresh model
cache: the first run is what a newcomer waits for, the second what every later run costs. It prints the demo's
own step times, both totals and the load average around each run (on a busy machine the figures are not those of
an idle one: say which).

`python bench/demo_first_run.py --tokens-per-second [--python PY] [--runtime NAME ...]` measures generation
speed of the local client (`api_type: "local"`) on one fixed prompt, each runtime in its own process, rounds
interleaved so that a changing load hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parent.parent
PROMPT = "List the numbers from 1 to 300 in words, one per line."  # long enough that every runtime hits max_tokens

# Run in a child process: load the model with one runtime, warm the prompt once, then time `rounds` answers.
_SPEED_CHILD = """
import json, sys, time
from autogen.oai.local import LocalLLMClient
runtime, threads, max_tokens, rounds, prompt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
client = LocalLLMClient({"api_type": "local", "runtime": runtime, "n_threads": threads, "n_ctx": 4096,
                         "max_tokens": max_tokens})
params = {"messages": [{"role": "system", "content": "You are a helpful AI assistant."},
                       {"role": "user", "content": prompt}]}
start = time.perf_counter(); client._llama(); load = time.perf_counter() - start
start = time.perf_counter(); first = client.create(params); cold = time.perf_counter() - start
speeds = []
for _ in range(rounds):
    start = time.perf_counter(); reply = client.create(params); took = time.perf_counter() - start
    speeds.append(reply.usage.completion_tokens / took)
print(json.dumps({"runtime": runtime, "load_s": load, "cold_s": cold, "prompt_tokens": first.usage.prompt_tokens,
                  "completion_tokens": reply.usage.completion_tokens, "tokens_per_s": speeds}))
"""


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run_demo(clone: Path, env: Dict[str, str], label: str) -> Dict[str, object]:
    """Run the demo once, echoing its output with elapsed seconds; return its total and its own step times."""
    print(f"--- {label} run (load average {_load()})", flush=True)
    start = time.monotonic()
    proc = subprocess.Popen(
        ["bash", "scripts/demo.sh"],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    steps = ""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("== times:"):
            steps = line[len("== times:") :].strip()
        if line.startswith(("==", "   ")) or "TERMINATE" in line:
            print(f"  [{time.monotonic() - start:6.0f}s] {line.rstrip()[:150]}", flush=True)
    code = proc.wait()
    total = time.monotonic() - start
    print(f"--- {label} run: exit {code}, {total:.0f} s (load average {_load()}); steps: {steps}", flush=True)
    return {"exit": code, "seconds": round(total, 1), "steps": steps, "load_after": _load()}


def first_run(repo: Path, keep: bool, overlays: List[str]) -> Dict[str, object]:
    """Clone `repo` (its committed HEAD) into a temp dir and run the demo there twice with clean caches.

    `overlays` ("SRC:DEST", DEST inside the clone) put files not yet committed in place, e.g. a pyproject.toml
    under review, so that a change can be measured before it lands.
    """
    work = Path(tempfile.mkdtemp(prefix="demo-first-run-"))
    clone = work / "autogen"
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
    for overlay in overlays:
        src, dest = overlay.split(":", 1)
        (clone / dest).write_bytes(Path(src).read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("OAI_CONFIG_LIST", "VIRTUAL_ENV", "AUTOGEN_MODEL_CACHE")}
    env.update(PIP_CACHE_DIR=str(work / "pip-cache"), XDG_CACHE_HOME=str(work / "cache"), AUTOGEN_VENV=".venv")
    env.update(AUTOGEN_USE_DOCKER="False", PYTHONUNBUFFERED="1")
    result = {"clone": str(clone), "first": _run_demo(clone, env, "first"), "second": _run_demo(clone, env, "second")}
    if not keep:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    return result


def tokens_per_second(python: str, runtimes: List[str], threads: int, max_tokens: int, rounds: int) -> None:
    """Generation speed per runtime: several processes per runtime, alternating, each timing `rounds` answers."""
    results: Dict[str, List[dict]] = {r: [] for r in runtimes}
    for _ in range(2):
        for runtime in runtimes:
            out = subprocess.run(
                [python, "-c", _SPEED_CHILD, runtime, str(threads), str(max_tokens), str(rounds), PROMPT],
                cwd=REPO,
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                print(f"{runtime}: failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            results[runtime].append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"  {runtime}: {results[runtime][-1]} (load {_load()})", flush=True)
    for runtime, rows in results.items():
        speeds = sorted(s for row in rows for s in row["tokens_per_s"])
        if speeds:
            median = speeds[len(speeds) // 2]
            print(
                f"{runtime}: median {median:.2f} tokens/s, best {speeds[-1]:.2f} ({len(speeds)} answers, {threads} threads)"
            )


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="repository to clone (its committed HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the clone, its venv and caches")
    parser.add_argument("--overlay", action="append", default=[], help="SRC:DEST file copied into the clone")
    parser.add_argument("--tokens-per-second", action="store_true", help="measure generation speed instead")
    parser.add_argument("--python", default=sys.executable, help="interpreter with autogen and the runtime(s)")
    parser.add_argument("--runtime", action="append", help="xllamacpp and/or llama-cpp-python (default: both)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if args.tokens_per_second:
        runtimes = args.runtime or ["xllamacpp", "llama-cpp-python"]
        tokens_per_second(args.python, runtimes, args.threads, args.max_tokens, args.rounds)
        return
    result = first_run(args.repo, args.keep, args.overlay)
    print(json.dumps(result, indent=2))
    steps = re.findall(r"([\w-]+) (\d+)s", str(result["first"]["steps"]))  # type: ignore[index]
    print("first run steps: " + ", ".join(f"{name} {sec} s" for name, sec in steps))


if __name__ == "__main__":
    main()
