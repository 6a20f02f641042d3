"""Every notebook in notebook/ runs top to bottom in a fresh kernel against the loopback model.

Each notebook's model replies and key-output checks live in test/notebook/scripts/<notebook>.py (see
notebook_harness.py for what a script defines); a notebook without one fails. With AUTOGEN_RECORD_NOTEBOOKS=1 the
executed notebooks are saved back into notebook/ (`python test/notebook/record.py` does that). With
AUTOGEN_NOTEBOOK_KERNEL=<kernelspec> they run in another kernel, e.g. upstream 0.2.40's (test/notebook/UPSTREAM.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict

import pytest

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from notebook_harness import (  # noqa: E402
    KERNEL,
    SCRIPT_DIR,
    beyond_02,
    execute,
    load_script,
    missing_requirement,
    notebook_stems,
    save_outputs,
)

RECORD = os.environ.get("AUTOGEN_RECORD_NOTEBOOKS") == "1"


def _fixture_env(request: pytest.FixtureRequest, wanted: Dict[str, str]) -> Dict[str, str]:
    """Environment variables from fixtures; a fixture that skips (no engine, no server) leaves its variable unset."""
    env = {}
    for variable, fixture in wanted.items():
        try:
            value = request.getfixturevalue(fixture)
        except pytest.skip.Exception:
            continue
        if value is not None:
            env[variable] = str(value)
    return env


@pytest.mark.jupyter
@pytest.mark.parametrize("stem", notebook_stems())
def test_notebook_runs_and_shows_its_key_outputs(stem: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    script = load_script(stem)
    if KERNEL and beyond_02(stem):
        pytest.skip(f"notebook/{stem}.ipynb shows a feature beyond AutoGen 0.2 (kernel {KERNEL})")
    missing = missing_requirement(script)
    if missing is not None:
        pytest.skip(f"notebook/{stem}.ipynb needs the `{missing}` package")
    run = execute(stem, script, tmp_path, _fixture_env(request, getattr(script, "FIXTURES", {})))
    if RECORD and not KERNEL:
        save_outputs(stem, run.notebook)


def test_every_script_has_its_notebook() -> None:
    orphans = sorted({p.stem for p in SCRIPT_DIR.glob("*.py")} - set(notebook_stems()))
    assert orphans == [], f"scripts without a notebook in notebook/: {orphans}"
