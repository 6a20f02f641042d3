"""Re-run notebooks against the loopback model and save their outputs into notebook/ (how committed outputs are made).

    .venv/bin/python test/notebook/record.py                      # every notebook
    .venv/bin/python test/notebook/record.py agentchat_stream ...  # some of them

It is the notebook test itself, run with AUTOGEN_RECORD_NOTEBOOKS=1: a notebook is saved only when it passed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def main(stems: list) -> int:
    os.environ["AUTOGEN_RECORD_NOTEBOOKS"] = "1"
    test = Path(__file__).with_name("test_notebooks.py")
    args = ["-q", "-p", "no:cacheprovider", f"{test}::test_notebook_runs_and_shows_its_key_outputs"]
    if stems:
        args[-1:] = [f"{args[-1]}[{stem}]" for stem in stems]
    return pytest.main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
