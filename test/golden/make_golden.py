"""Record upstream's printed transcripts for the golden scenarios.

    python test/golden/make_golden.py /path/to/upstream-venv/bin/python

Runs every scenario in test/golden/scenarios/ with the given interpreter (one that has upstream
autogen-agentchat==0.2.40 installed) and writes its normalised output to test/golden/expected/.
test_golden_transcripts.py then checks that ours prints the same.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
EXPECTED = HERE / "expected"


def normalise(text: str) -> str:
    """Blank out what legitimately differs between runs: addresses, temp paths, ports, timings."""
    text = re.sub(r"0x[0-9a-fA-F]+", "0x?", text)
    text = re.sub(r"/tmp/[^\s'\"]+", "/tmp/?", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:?", text)
    text = re.sub(r"tmp_code_[0-9a-f]+", "tmp_code_?", text)
    return text


def run_scenario(python: str, name: str) -> str:
    stdin_file = SCENARIOS / f"{name}.stdin"
    stdin = stdin_file.read_text() if stdin_file.exists() else ""
    proc = subprocess.run(
        [python, str(SCENARIOS / f"{name}.py")],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=SCENARIOS,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "AUTOGEN_USE_DOCKER": "False", "PYTHONHASHSEED": "0", "HOME": str(Path.home())},
    )
    return normalise(proc.stdout) + f"\n[exit code {proc.returncode}]\n"


def scenario_names() -> list:
    return sorted(p.stem for p in SCENARIOS.glob("*.py") if not p.stem.startswith("_"))


def main() -> None:
    python = sys.argv[1]
    EXPECTED.mkdir(exist_ok=True)
    for name in scenario_names():
        out = run_scenario(python, name)
        (EXPECTED / f"{name}.txt").write_text(out)
        print(f"{name}: {len(out.splitlines())} lines")


if __name__ == "__main__":
    main()
