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
    # autogen's own log handler stamps each line: [autogen.oai.client: 11-24 15:32:09] {351} WARNING - ...
    text = re.sub(r"^\[([\w.]+): \d\d-\d\d \d\d:\d\d:\d\d\]", r"[\1: ?]", text, flags=re.M)
    return text


_WARNING = re.compile(r"^\S+\.py:\d+: (\w+): (.*)$")
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")


def stderr_messages(text: str) -> list:
    """What stderr says (logged lines, warnings, the final exception), minus what is implementation-specific.

    Warning locations and their source lines, traceback frames and intermediate chained exceptions differ
    between two implementations that behave the same; flaml's import warning is upstream's environment.
    """
    out: list = []
    block_start = None
    skip_source = False
    for line in text.splitlines():
        if skip_source and line.startswith(" "):
            skip_source = False
            continue
        skip_source = False
        warning = _WARNING.match(line)
        if warning:
            skip_source = True
            if "flaml" not in line:
                out.append(f"{warning.group(1)}: {warning.group(2)}")
            continue
        if line.startswith("Traceback (most recent call last)"):
            block_start = len(out) if block_start is None else block_start
            continue
        if line.startswith(_CHAINED) and block_start is not None:
            del out[block_start:]
            continue
        if line.startswith(" ") or not line.strip():
            continue
        out.append(line)
    return out


def _env(python: str) -> dict:
    # the interpreter's own bin directory first, as in an activated virtualenv (code executors run `python`)
    path = f"{Path(python).parent}:/usr/bin:/bin"
    env = {"PATH": path, "AUTOGEN_USE_DOCKER": "False", "PYTHONHASHSEED": "0", "HOME": str(Path.home())}
    # upstream counts streamed tokens with tiktoken, which downloads its encodings: point it at a local copy
    tiktoken_cache = Path.home() / ".cache" / "autogen" / "tiktoken"
    if (tiktoken_cache / "9b5ad71b2ce5302211f9c61530b329a4922fc6a4").exists():
        env["TIKTOKEN_CACHE_DIR"] = str(tiktoken_cache)
    return env


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
        env=_env(python),
    )
    result = normalise(proc.stdout) + f"\n[exit code {proc.returncode}]\n"
    messages = [normalise(m) for m in stderr_messages(proc.stderr)]  # locations first: they may lie under /tmp
    if messages:
        result += "[stderr]\n" + "\n".join(messages) + "\n"
    return result


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
