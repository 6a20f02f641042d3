"""autogen.coding.utils: file names from first-line comments and quiet pip."""

from __future__ import annotations

from pathlib import Path

import pytest

from autogen.coding.utils import _get_file_name_from_content, filename_patterns, silence_pip


@pytest.mark.parametrize(
    "first_line, expected",
    [
        ("# filename: test.py", "test.py"),
        ("# test.py", "test.py"),
        ("// filename: test.js", "test.js"),
        ("// test.js", "test.js"),
        ("/* filename: test.css */", "test.css"),
        ("/* test.css */", "test.css"),
        ("<!-- filename: test.html -->", "test.html"),
        ("<!-- test.html -->", "test.html"),
        ("  # filename: padded.py  ", "padded.py"),
        ("# filename: sub/dir/file.py", "sub/dir/file.py"),
    ],
)
def test_file_name_patterns(tmp_path: Path, first_line: str, expected: str) -> None:
    assert _get_file_name_from_content(f"{first_line}\nbody", tmp_path) == expected


def test_any_comment_is_taken_as_file_name(tmp_path: Path) -> None:
    # 0.2's quirk, kept: a first-line comment of words names the file.
    assert _get_file_name_from_content("# some words\nprint(1)", tmp_path) == "some words"


def test_shebang_and_plain_code_give_none(tmp_path: Path) -> None:
    assert _get_file_name_from_content("#!/bin/bash\necho hi", tmp_path) is None
    assert _get_file_name_from_content("print(1)", tmp_path) is None
    assert _get_file_name_from_content("print(1)\n# filename: late.py", tmp_path) is None


@pytest.mark.parametrize("name", ["/etc/passwd", "../x.py", "a/../../x.py"])
def test_names_outside_workspace_raise(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        _get_file_name_from_content(f"# filename: {name}\n", tmp_path)


def test_absolute_name_inside_workspace_is_made_relative(tmp_path: Path) -> None:
    assert _get_file_name_from_content(f"# filename: {tmp_path / 'in.py'}\n", tmp_path) == "in.py"


def test_symlink_out_of_workspace_raises(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "link").symlink_to(tmp_path)
    with pytest.raises(ValueError):
        _get_file_name_from_content("# filename: link/x.py\n", work)


def test_four_patterns() -> None:
    assert len(filename_patterns) == 4


def test_silence_pip_python() -> None:
    code = "!pip install pandas\n! pip install numpy\nprint('x')\n!pip install -qqq quiet"
    assert silence_pip(code, "python") == (
        "!pip install -qqq pandas\n! pip install -qqq numpy\nprint('x')\n!pip install -qqq quiet"
    )


@pytest.mark.parametrize("lang", ["bash", "shell", "sh", "pwsh", "powershell", "ps1"])
def test_silence_pip_shell(lang: str) -> None:
    assert silence_pip("pip install x\necho done", lang) == "pip install -qqq x\necho done"


def test_silence_pip_leaves_other_languages_and_lines() -> None:
    assert silence_pip("pip install x", "javascript") == "pip install x"
    assert silence_pip("pip install x", "python") == "pip install x"
    assert silence_pip("!pip install x", "sh") == "!pip install x"
