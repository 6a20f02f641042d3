"""Contrib modules that need an optional package fail to import with an error naming the extra to install."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("blocked", "module", "extra"),
    [
        ("PIL", "autogen.agentchat.contrib.img_utils", "lmm"),
        ("PIL", "autogen.agentchat.contrib.multimodal_conversable_agent", "lmm"),
        ("PIL", "autogen.agentchat.contrib.capabilities.vision_capability", "lmm"),
        ("PIL", "autogen.agentchat.contrib.capabilities.generate_images", "lmm"),
        ("replicate", "autogen.agentchat.contrib.llava_agent", "lmm"),
        ("chromadb", "autogen.agentchat.contrib.capabilities.teachability", "teachable"),
    ],
)
def test_missing_package_names_the_extra(blocked: str, module: str, extra: str) -> None:
    code = (
        f"import sys; sys.modules[{blocked!r}] = None\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as e:\n"
        "    print(e)\n"
        "else:\n"
        "    print('imported')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert f"[{extra}]" in out


@pytest.mark.parametrize(
    "module",
    [
        "autogen.agentchat.contrib.society_of_mind_agent",
        "autogen.agentchat.contrib.text_analyzer_agent",
        "autogen.agentchat.contrib.math_user_proxy_agent",
        "autogen.agentchat.contrib.gpt_assistant_agent",
    ],
)
def test_core_only_modules_import_without_optional_packages(module: str) -> None:
    code = "import sys\nfor name in ('PIL', 'chromadb', 'replicate', 'wolframalpha'):\n    sys.modules[name] = None\n"
    code += f"import {module}\nprint('ok')\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
