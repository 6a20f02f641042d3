"""Each backend's module, when its extra is not installed, fails to import with an ImportError naming the extra."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# module -> (the third-party package hidden, the extra the message must name)
CASES = {
    "autogen.agentchat.contrib.vectordb.chromadb": ("chromadb", "retrievechat"),
    "autogen.retrieve_utils": ("chromadb", "retrievechat"),
    "autogen.agentchat.contrib.vectordb.qdrant": ("qdrant_client", "retrievechat-qdrant"),
    "autogen.agentchat.contrib.vectordb.pgvectordb": ("psycopg", "retrievechat-pgvector"),
    "autogen.agentchat.contrib.vectordb.mongodb": ("pymongo", "retrievechat-mongodb"),
    "autogen.agentchat.contrib.vectordb.couchbase": ("couchbase", "retrievechat-couchbase"),
}

_PROBE = """
import importlib, importlib.abc, json, sys

class Hide(importlib.abc.MetaPathFinder):
    def __init__(self, name):
        self.name = name
    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name or fullname.startswith(self.name + "."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None

cases = json.loads(sys.argv[1])
messages = {}
for module, (hidden, _extra) in cases.items():
    saved = {k: v for k, v in sys.modules.items() if k == module or k == hidden or k.startswith(hidden + ".")}
    for k in saved:
        del sys.modules[k]
    finder = Hide(hidden)
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module(module)
        messages[module] = None
    except ImportError as exc:
        messages[module] = str(exc)
    finally:
        sys.meta_path.remove(finder)
        sys.modules.pop(module, None)
print(json.dumps(messages))
"""


@pytest.fixture(scope="module")
def import_errors() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(CASES)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", list(CASES))
def test_missing_extra_is_named(module: str, import_errors: dict) -> None:
    extra = CASES[module][1]
    assert import_errors[module] is not None, f"{module} imported without its package"
    assert f"autogen-agentchat[{extra}]" in import_errors[module]
