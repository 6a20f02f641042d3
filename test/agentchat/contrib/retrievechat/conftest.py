"""RetrieveChat fixtures: the real vector databases of ../vectordb/rag_fixtures.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "vectordb"))

from rag_fixtures import backend, hashed_ef, packaged_model  # noqa: E402, F401
