"""Helpers shared by the command-line executors: file names from first-line comments, quiet pip."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

__all__ = ("filename_patterns", "_get_file_name_from_content", "silence_pip")

# Which languages the command-line executors run by default (the others are only saved to a file).
_COMMANDLINE_EXECUTION_POLICY = {
    "bash": True,
    "shell": True,
    "sh": True,
    "pwsh": True,
    "powershell": True,
    "ps1": True,
    "python": True,
    "javascript": False,
    "html": False,
    "css": False,
}

# The comment forms a first line may use to name the file the code goes into, with an optional "filename:".
filename_patterns = [
    re.compile(r"^<!-- (filename:)?(.+?) -->", re.DOTALL),
    re.compile(r"^/\* (filename:)?(.+?) \*/", re.DOTALL),
    re.compile(r"^// (filename:)?(.+?)$", re.DOTALL),
    re.compile(r"^# (filename:)?(.+?)$", re.DOTALL),
]


def _get_file_name_from_content(code: str, workspace_path: Path) -> Optional[str]:
    """The file name named by the code's first-line comment, relative to `workspace_path`.

    Raises ValueError when the name points outside the workspace (`..`, absolute paths, symlinks leading out).
    """
    first_line = code.partition("\n")[0].strip()
    found = (pattern.match(first_line) for pattern in filename_patterns)
    named = next((match.group(2).strip() for match in found if match is not None), None)
    if named is None:
        return None
    # An absolute name replaces the workspace in the join; either way symlinks are followed before the check,
    # and `relative_to` raises ValueError for anything that ends up outside.
    target = (workspace_path / named).resolve()
    return str(target.relative_to(workspace_path.resolve()))


_PIP_PREFIXES = {
    "python": ("!pip install", "! pip install"),
    **dict.fromkeys(("bash", "shell", "sh", "pwsh", "powershell", "ps1"), ("pip install",)),
}


def silence_pip(code: str, lang: str) -> str:
    """Add `-qqq` to pip install lines so installs do not flood the output the model reads."""
    prefixes = _PIP_PREFIXES.get(lang)
    if not prefixes:
        return code
    lines = code.split("\n")
    for i, line in enumerate(lines):
        for prefix in prefixes:
            if line.startswith(prefix) and "-qqq" not in line:
                lines[i] = prefix + " -qqq" + line[len(prefix) :]
                break
    return "\n".join(lines)
