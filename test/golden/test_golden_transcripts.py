"""Scripted conversations print exactly what upstream AutoGen 0.2.40 prints for them.

The expected files were recorded from upstream with make_golden.py; each scenario runs here in a
subprocess with this interpreter against the loopback LLM server.

A few scenarios show where we differ from 0.2.40 on purpose (0.2 is unsafe there and no user can rely on the
unsafe part; README.md, "Differences from AutoGen 0.2.40"). Upstream's recording stays in expected/ as the
record of what 0.2 does; the transcript we hold ourselves to is in deliberate/, with the reason in its first
line, so every other byte of the scenario is still compared.
"""

import difflib
import sys
from pathlib import Path

import pytest

from .make_golden import EXPECTED, run_scenario, scenario_names

DELIBERATE = Path(__file__).parent / "deliberate"


def _expected(name: str) -> str:
    ours = DELIBERATE / f"{name}.txt"
    if ours.exists():
        reason, _, transcript = ours.read_text().partition("\n")
        assert reason.startswith("# why: "), f"{ours} must start with a '# why: ...' line"
        return transcript
    return (EXPECTED / f"{name}.txt").read_text()


@pytest.mark.parametrize("name", scenario_names())
def test_transcript_matches_upstream(name: str) -> None:
    expected = _expected(name)
    actual = run_scenario(sys.executable, name)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "ours", n=2)
        )
        pytest.fail(f"transcript of {name} differs from upstream 0.2.40:\n{diff[:6000]}")


def test_every_deliberate_difference_has_an_upstream_recording() -> None:
    for path in DELIBERATE.glob("*.txt"):
        assert (EXPECTED / path.name).exists(), f"{path.name}: no upstream recording to differ from"
