"""Runs a notebook of notebook/ in a fresh kernel against the loopback model, with the replies its script gives.

Every notebook `notebook/<stem>.ipynb` has a script `test/notebook/scripts/<stem>.py`. A script defines:

- `REPLIES`: the list of `autogen.testing.Reply` the model answers with, in order (or a function
  `replies() -> list` building it). The run must use every one of them.
- `check(run: NotebookRun) -> None`: asserts the notebook's key outputs (`run.text` holds every printed line and
  displayed value without colour codes; `run.server` the requests the model received; `run.workdir` the folder
  the notebook ran in).

and may define:

- `REQUIRES`: module names the notebook imports beyond the test extra; the test skips, naming the first missing.
- `FIXTURES`: `{"ENV_VAR": "fixture_name"}`, environment variables of the kernel filled from pytest fixtures
  (e.g. `{"REDIS_URL": "redis_url"}`); a fixture value of None leaves the variable unset.
- `ENV`: further environment variables of the kernel.
- `config_list(server) -> list`: the OAI_CONFIG_LIST the kernel gets (default: `server.config_list()`).
- `responder(body) -> Reply`: answers requests after the scripted replies are used up (then leftovers are fine).
- `TIMEOUT`: seconds a cell may take (default 120).

With `AUTOGEN_NOTEBOOK_KERNEL=<kernelspec>` the notebooks run in that kernel instead of the test environment's
`python3`, and this repository is not put on the kernel's path: pointed at a kernel of a venv with upstream
`autogen-agentchat==0.2.40`, it checks that the notebooks run unchanged on upstream (see test/notebook/UPSTREAM.md).
Notebooks whose first markdown cell says they show a feature beyond AutoGen 0.2 are skipped then.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Mapping, Optional

import nbclient
import nbformat

from autogen.testing import LoopbackLLMServer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NOTEBOOK_DIR = REPO / "notebook"
SCRIPT_DIR = HERE / "scripts"
_MAX_IMAGE_CHARS = 135_000  # base64 of ~100 KB
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BEYOND_02 = re.compile(r"beyond\s+(AutoGen\s+)?0\.2", re.IGNORECASE)
KERNEL = os.environ.get("AUTOGEN_NOTEBOOK_KERNEL", "")  # empty: the test environment's own kernel, our package


@dataclass
class NotebookRun:
    """What one execution left behind, for a script's `check`."""

    notebook: Any
    server: LoopbackLLMServer
    workdir: Path
    texts: List[str] = field(default_factory=list)  # per code cell: its printed and displayed text

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def cell_text(self, marker: str) -> str:
        """The output of the first code cell whose source contains `marker`."""
        code_cells = [c for c in self.notebook.cells if c.cell_type == "code"]
        for cell, text in zip(code_cells, self.texts):
            if marker in cell.source:
                return text
        raise AssertionError(f"no code cell contains {marker!r}")

    def cell_outputs(self, marker: str) -> List[Any]:
        """The raw outputs of the first code cell whose source contains `marker` (e.g. to find an image)."""
        for cell in self.notebook.cells:
            if cell.cell_type == "code" and marker in cell.source:
                return list(cell.get("outputs", []))
        raise AssertionError(f"no code cell contains {marker!r}")

    def prompts(self) -> List[str]:
        """The text of every message of every chat request, in order (to check what the model was asked)."""
        found = []
        for request in self.server.chat_requests:
            for message in request.messages:
                content = message.get("content")
                if isinstance(content, list):
                    content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
                found.append(str(content or ""))
        return found


def notebook_stems() -> List[str]:
    return sorted(path.stem for path in NOTEBOOK_DIR.glob("*.ipynb"))


def load_script(stem: str) -> ModuleType:
    """The script of notebook `stem`; a missing one is an error, so no notebook goes unchecked."""
    path = SCRIPT_DIR / f"{stem}.py"
    if not path.is_file():
        raise AssertionError(
            f"notebook/{stem}.ipynb has no script: write test/notebook/scripts/{stem}.py (REPLIES and check)"
        )
    spec = importlib.util.spec_from_file_location(f"notebook_script_{stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("check",):
        assert hasattr(module, name), f"{path} must define {name}"
    assert hasattr(module, "REPLIES") or hasattr(module, "replies"), f"{path} must define REPLIES or replies()"
    return module


def missing_requirement(script: ModuleType) -> Optional[str]:
    """The first module in the script's REQUIRES that the kernel cannot import, if any."""
    names = list(getattr(script, "REQUIRES", ()))
    if KERNEL and names:
        return _missing_in_kernel(names)
    for name in names:
        if importlib.util.find_spec(name) is None:
            return name
    return None


def _missing_in_kernel(names: List[str]) -> Optional[str]:
    """Asks the other kernel's interpreter (its own venv, not ours) which of `names` it lacks."""
    from jupyter_client.kernelspec import KernelSpecManager

    python = KernelSpecManager().get_kernel_spec(KERNEL).argv[0]
    probe = (
        "import importlib.util, sys; print(next((n for n in sys.argv[1:] if importlib.util.find_spec(n) is None), ''))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    found = subprocess.run(
        [python, "-c", probe, *names], capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(), env=env
    )
    return found.stdout.strip() or None


def beyond_02(stem: str) -> bool:
    """Whether the notebook's first markdown cell declares a feature of ours that AutoGen 0.2 lacks."""
    notebook = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    first = next((cell.source for cell in notebook.cells if cell.cell_type == "markdown"), "")
    return bool(_BEYOND_02.search(first))


def _offline_tiktoken_dir() -> Optional[str]:
    """Our cache of tiktoken's encoding files: another kernel's autogen would download them, and CI is offline."""
    from autogen._tiktoken_offline import EncodingUnavailableError, get_encoding, own_cache_dir

    for name in ("cl100k_base", "o200k_base"):
        try:
            get_encoding(name)
        except EncodingUnavailableError:
            pass
    directory = own_cache_dir()
    return directory if os.path.isdir(directory) and os.listdir(directory) else None


def _kernel_env(configs: List[Any], script: ModuleType) -> Dict[str, str]:
    """The kernel's environment: our repository on its path, unless another kernel (e.g. upstream 0.2.40) runs it."""
    env: Dict[str, str] = {k: v for k, v in os.environ.items() if k not in ("OAI_CONFIG_LIST", "PYTHONPATH")}
    if KERNEL:
        inherited = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        kept = [entry for entry in inherited if entry and Path(entry).resolve() != REPO]
        if kept:
            env["PYTHONPATH"] = os.pathsep.join(kept)
        tiktoken_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or _offline_tiktoken_dir()
        if tiktoken_dir:
            env["TIKTOKEN_CACHE_DIR"] = tiktoken_dir
    else:
        env["PYTHONPATH"] = str(REPO)
    env.update({"OAI_CONFIG_LIST": json.dumps(configs), **getattr(script, "ENV", {})})
    return env


def _cell_text(cell: Any) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(str(output.get("data", {}).get("text/plain", "")) + "\n")
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
    return _ANSI.sub("", "".join(parts))


def execute(stem: str, script: ModuleType, workdir: Path, env_extra: Mapping[str, str]) -> NotebookRun:
    """Run notebook `stem` once with a fresh loopback server scripted by `script`; cell errors raise."""
    notebook = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    with LoopbackLLMServer() as server:
        replies = script.replies() if hasattr(script, "replies") else script.REPLIES
        server.script(*replies)
        server.responder = getattr(script, "responder", None)
        configs = script.config_list(server) if hasattr(script, "config_list") else server.config_list()
        env = _kernel_env(configs, script)
        env.update(env_extra)
        client = nbclient.NotebookClient(
            notebook,
            timeout=getattr(script, "TIMEOUT", 120),
            kernel_name=KERNEL or "python3",
            resources={"metadata": {"path": str(workdir)}},
        )
        client.execute(env=env)
        run = NotebookRun(notebook, server, workdir)
        run.texts = [_cell_text(cell) for cell in notebook.cells if cell.cell_type == "code"]
        if server.responder is None:
            assert server.pending == 0, f"{server.pending} scripted replies were not used"
        assert server.violations == [], server.violations
        script.check(run)
    return run


def save_outputs(stem: str, notebook: Any) -> Path:
    """Write an executed notebook back to notebook/, without timestamps (how committed outputs are made)."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if len(data.get("image/png", "")) > _MAX_IMAGE_CHARS:
                data.pop("image/png")
    path = NOTEBOOK_DIR / f"{stem}.ipynb"
    nbformat.write(notebook, path)
    return path
