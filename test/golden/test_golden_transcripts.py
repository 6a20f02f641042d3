"""Scripted conversations print exactly what upstream AutoGen 0.2.40 prints for them.

The expected files were recorded from upstream with make_golden.py; each scenario runs here in a
subprocess with this interpreter against the loopback LLM server.
"""

import difflib
import sys

import pytest

from .make_golden import EXPECTED, run_scenario, scenario_names


@pytest.mark.parametrize("name", scenario_names())
def test_transcript_matches_upstream(name: str) -> None:
    expected = (EXPECTED / f"{name}.txt").read_text()
    actual = run_scenario(sys.executable, name)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "upstream", "ours", n=2)
        )
        pytest.fail(f"transcript of {name} differs from upstream 0.2.40:\n{diff[:6000]}")
