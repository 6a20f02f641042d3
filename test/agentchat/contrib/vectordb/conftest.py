"""Vector database fixtures: see rag_fixtures.py (shared with the RetrieveChat tests)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rag_fixtures import backend, hashed_ef, packaged_model  # noqa: E402, F401
