"""Gives scenarios the loopback server under ours (autogen.testing) and under upstream 0.2.40 (by path)."""

import importlib.util
import sys
from pathlib import Path

try:
    from autogen.testing import LoopbackLLMServer, Reply
except ImportError:  # upstream autogen has no autogen.testing: load this checkout's copy by path
    _pkg = Path(__file__).resolve().parents[3] / "autogen" / "testing"
    _spec = importlib.util.spec_from_file_location("_golden_loopback", _pkg / "__init__.py", submodule_search_locations=[str(_pkg)])
    _mod = importlib.util.module_from_spec(_spec)
    sys.modules["_golden_loopback"] = _mod
    _spec.loader.exec_module(_mod)
    LoopbackLLMServer, Reply = _mod.LoopbackLLMServer, _mod.Reply

__all__ = ["LoopbackLLMServer", "Reply"]
