"""MemoStore: Teachability's memory, input/output text pairs searchable by the input's embedding.

Inputs are embedded in a chromadb collection ("memos"); the pairs themselves are kept in a pickled dict beside
it, so both survive between runs in `path_to_db_dir`.
"""

from __future__ import annotations

import os
import pickle
from typing import Any, Dict, List, Optional, Tuple

from ....formatting_utils import colored
from ....io.base import IOStream

try:
    import chromadb
    from chromadb.config import Settings
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError('Teachability needs chromadb: pip install "autogen-agentchat[teachable]~=0.2"') from _exc

__all__ = ("MemoStore",)

_COLLECTION = "memos"

# General examples for `prepopulate`: (input text, output text).
_EXAMPLES: Tuple[Tuple[str, str], ...] = (
    ("Is this paper about machine learning? Transformers that read images as patch sequences.", "yes"),
    ("Is this paper about machine learning? A survey of medieval trade routes in the Baltic.", "no"),
    ("Is this paper about machine learning? Training agents by reinforcement learning in games.", "yes"),
    ("Is this paper about machine learning? Measuring soil erosion on alpine slopes.", "no"),
    ("Is this paper about machine learning? Fine-tuning language models from human preferences.", "yes"),
    ("Should a slide deck for a short talk hold more than ten slides of dense text?", "no"),
    ("Is it good practice to give each slide of a presentation a single main idea?", "yes"),
    ("Should code comments say why the code does something rather than repeat what it does?", "yes"),
    ("Is it fine to leave failing tests in a project's main branch for later?", "no"),
    ("When a function grows very long, should it be split into smaller named functions?", "yes"),
)


def _retrieved_text(memo: Tuple[str, str, float]) -> str:
    return (
        f"\nINPUT-OUTPUT PAIR RETRIEVED FROM VECTOR DATABASE:\n  INPUT1\n    {memo[0]}\n  OUTPUT\n    {memo[1]}\n"
        f"  DISTANCE\n    {memo[2]}"
    )


def _print(text: str, color: str = "light_green") -> None:
    IOStream.get_default().print(colored(text, color))


def _offline_embedding() -> Optional[Any]:
    """The packaged all-MiniLM-L6-v2 (the model chromadb's default downloads), when its packages are installed.

    Without them chromadb's own default is used, as in 0.2, which fetches the same model on first use.
    """
    try:
        from ...._embeddings import chroma_embedding_function

        return chroma_embedding_function()
    except ImportError:
        return None


def _l2_space() -> Dict[str, Any]:
    """Measure memo distances as squared L2, as 0.2's store did (`recall_threshold` is on that scale).

    chromadb 1.x takes the space from an explicit embedding function (cosine for sentence transformers), so
    it is named here; older chromadb used L2 for every collection without being told.
    """
    major = str(getattr(chromadb, "__version__", "0")).split(".")[0]
    return {"configuration": {"hnsw": {"space": "l2"}}} if major.isdigit() and int(major) >= 1 else {}


class MemoStore:
    """Input/output text pairs ("memos"), retrievable by the similarity of a query to their inputs."""

    def __init__(
        self,
        verbosity: Optional[int] = 0,
        reset: Optional[bool] = False,
        path_to_db_dir: Optional[str] = "./tmp/teachable_agent_db",
        *,
        embedding_function: Optional[Any] = None,
    ) -> None:
        self.verbosity = verbosity
        self.path_to_db_dir = path_to_db_dir
        self._embedding_function = embedding_function
        self.db_client = chromadb.Client(
            Settings(anonymized_telemetry=False, allow_reset=True, is_persistent=True, persist_directory=path_to_db_dir)
        )
        self.vec_db = self._create_collection(get_or_create=True)
        self.path_to_dict = os.path.join(path_to_db_dir, "uid_text_dict.pkl")  # type: ignore[arg-type]
        self.uid_text_dict: Dict[str, Tuple[str, str]] = {}
        self.last_memo_id = 0
        if reset:
            self.reset_db()
        elif os.path.exists(self.path_to_dict):
            self._load_memos()

    def _load_memos(self) -> None:
        """Read the memo texts saved by an earlier run."""
        _print("\nLOADING MEMORY FROM DISK")
        _print(f"    Location = {self.path_to_dict}")
        with open(self.path_to_dict, "rb") as file:
            self.uid_text_dict = pickle.load(file)
        self.last_memo_id = len(self.uid_text_dict)
        if self.verbosity >= 3:  # type: ignore[operator]
            self.list_memos()

    def _create_collection(self, get_or_create: bool) -> Any:
        kwargs: Dict[str, Any] = {"get_or_create": get_or_create, **_l2_space()}
        embed = self._embedding_function if self._embedding_function is not None else _offline_embedding()
        if embed is not None:
            kwargs["embedding_function"] = embed
        return self.db_client.create_collection(_COLLECTION, **kwargs)

    def list_memos(self) -> None:
        """Print every memo."""
        _print("LIST OF MEMOS")
        for uid, (input_text, output_text) in self.uid_text_dict.items():
            _print(f"  ID: {uid}\n    INPUT TEXT: {input_text}\n    OUTPUT TEXT: {output_text}")

    def _save_memos(self) -> None:
        """Write the memo texts to disk (the vector database persists itself)."""
        with open(self.path_to_dict, "wb") as file:
            pickle.dump(self.uid_text_dict, file)

    def reset_db(self) -> None:
        """Forget every memo."""
        _print("\nCLEARING MEMORY")
        self.db_client.delete_collection(_COLLECTION)
        self.vec_db = self._create_collection(get_or_create=False)
        self.uid_text_dict = {}  # new memos keep numbering on from `last_memo_id`, as in 0.2
        self._save_memos()

    def add_input_output_pair(self, input_text: str, output_text: str) -> None:
        """Store a memo: `output_text` is recalled by queries similar to `input_text`."""
        self.last_memo_id += 1
        uid = str(self.last_memo_id)
        self.vec_db.add(documents=[input_text], ids=[uid])
        self.uid_text_dict[uid] = (input_text, output_text)
        if self.verbosity >= 1:  # type: ignore[operator]
            _print(
                f"\nINPUT-OUTPUT PAIR ADDED TO VECTOR DATABASE:\n  ID\n    {uid}\n  INPUT\n    {input_text}\n"
                f"  OUTPUT\n    {output_text}\n",
                "light_yellow",
            )
        if self.verbosity >= 3:  # type: ignore[operator]
            self.list_memos()

    def _memo_at(self, results: Dict[str, Any], i: int) -> Tuple[str, str, float]:
        uid, input_text, distance = results["ids"][0][i], results["documents"][0][i], results["distances"][0][i]
        stored_input, output_text = self.uid_text_dict[uid]
        assert input_text == stored_input, "the vector database and the memo texts disagree"
        return input_text, output_text, distance

    def get_nearest_memo(self, query_text: str) -> Tuple[str, str, float]:
        """The memo whose input is closest to `query_text`: (input, output, distance)."""
        results = self.vec_db.query(query_texts=[query_text], n_results=1)
        memo = self._memo_at(results, 0)
        if self.verbosity >= 1:  # type: ignore[operator]
            _print(
                _retrieved_text(memo),
                "light_yellow",
            )
        return memo

    def get_related_memos(self, query_text: str, n_results: int, threshold: float) -> List[Tuple[str, str, float]]:
        """Up to `n_results` memos whose inputs are closer than `threshold` to `query_text`, nearest first."""
        n_results = min(n_results, len(self.uid_text_dict))
        if n_results <= 0:
            return []
        results = self.vec_db.query(query_texts=[query_text], n_results=n_results)
        memos = []
        for i in range(len(results["ids"][0])):
            memo = self._memo_at(results, i)
            if memo[2] < threshold:
                if self.verbosity >= 1:  # type: ignore[operator]
                    _print(
                        _retrieved_text(memo),
                        "light_yellow",
                    )
                memos.append(memo)
        return memos

    def prepopulate(self) -> None:
        """Add a few general example memos, then save."""
        if self.verbosity >= 1:  # type: ignore[operator]
            _print("\nPREPOPULATING MEMORY")
        for input_text, output_text in _EXAMPLES:
            self.add_input_output_pair(input_text, output_text)
        self._save_memos()
