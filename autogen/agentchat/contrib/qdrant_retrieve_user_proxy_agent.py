"""QdrantRetrieveUserProxyAgent (deprecated in 0.2): RetrieveChat over a Qdrant collection it fills itself.

Prefer `RetrieveUserProxyAgent` with `retrieve_config={"vector_db": "qdrant"}`. 0.2 embedded the chunks with
fastembed's "BAAI/bge-small-en-v1.5", which fastembed downloads on first use; here that default name maps to
the packaged all-MiniLM-L6-v2 (also 384 dimensions) so the agent works offline. Any other name goes to fastembed.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Dict, List, Literal, Optional

from ... import retrieve_utils
from .retrieve_user_proxy_agent import RetrieveUserProxyAgent
from .vectordb.utils import chroma_results_to_query_results, filter_results_by_distance, get_logger

logger = get_logger(__name__)

try:
    from qdrant_client import QdrantClient, models
except ImportError as exc:
    logger.fatal("Failed to import qdrant_client. Try: pip install autogen-agentchat[retrievechat-qdrant]~=0.2")
    raise exc

__all__ = ("QdrantRetrieveUserProxyAgent", "create_qdrant_from_dir", "query_qdrant")

_DEFAULT_MODEL = "BAAI/bge-small-en-v1.5"
_TEXT_KEY = "document"
_encoders: Dict[str, Callable[[List[str]], List[List[float]]]] = {}


def _encoder(embedding_model: str) -> Callable[[List[str]], List[List[float]]]:
    """Embeddings for `embedding_model`, built once per name (the default name is served offline)."""
    if embedding_model not in _encoders:
        if embedding_model == _DEFAULT_MODEL:
            from ..._embeddings import encode_with

            _encoders[embedding_model] = encode_with()
        else:
            from .vectordb.qdrant import FastEmbedEmbeddingFunction

            _encoders[embedding_model] = FastEmbedEmbeddingFunction(model_name=embedding_model)
    return _encoders[embedding_model]


class QdrantRetrieveUserProxyAgent(RetrieveUserProxyAgent):
    """RetrieveChat whose chunks live in a Qdrant collection made by `create_qdrant_from_dir` (deprecated).

    Extra retrieve_config keys: `client` (default an in-memory QdrantClient), `embedding_model`, `parallel`,
    `on_disk`, `quantization_config`, `hnsw_config`, `payload_indexing`.
    """

    def __init__(
        self,
        name: str = "RetrieveChatAgent",
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "ALWAYS",
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        retrieve_config: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        warnings.warn(
            "The QdrantRetrieveUserProxyAgent is deprecated. Please use the RetrieveUserProxyAgent "
            "with `vector_db='qdrant'` instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(name, human_input_mode, is_termination_msg, retrieve_config, **kwargs)
        config = self._retrieve_config
        self._client = config.get("client", None) or QdrantClient(":memory:")
        self._embedding_model = config.get("embedding_model", _DEFAULT_MODEL)
        self._parallel = config.get("parallel", 0)
        self._on_disk = config.get("on_disk", False)
        self._quantization_config = config.get("quantization_config", None)
        self._hnsw_config = config.get("hnsw_config", None)
        self._payload_indexing = config.get("payload_indexing", False)

    def retrieve_docs(self, problem: str, n_results: int = 20, search_string: str = "") -> None:
        """Fill the collection on first use, then query it for `problem`."""
        if not self._collection:
            self._fill_collection()
            self._collection = True
        columns = query_qdrant(
            [problem], n_results, self._client, self._collection_name, search_string, self._embedding_model
        )
        columns["contents"] = columns.pop("documents")
        self._search_string = search_string
        rows = chroma_results_to_query_results(columns, "distances")
        self._results = filter_results_by_distance(rows, self._distance_threshold)

    def _fill_collection(self) -> None:
        logger.info("Trying to create collection.")
        create_qdrant_from_dir(
            self._docs_path,
            self._chunk_token_size,
            self._client,
            self._collection_name,
            self._chunk_mode,
            self._must_break_at_empty_line,
            self._embedding_model,
            self.custom_text_split_function,
            self._custom_text_types,
            self._recursive,
            self._extra_docs,
            self._parallel,
            self._on_disk,
            self._quantization_config,
            self._hnsw_config,
            self._payload_indexing,
        )


def create_qdrant_from_dir(
    dir_path: str,
    max_tokens: int = 4000,
    client: Optional[Any] = None,
    collection_name: str = "all-my-documents",
    chunk_mode: str = "multi_lines",
    must_break_at_empty_line: bool = True,
    embedding_model: str = _DEFAULT_MODEL,
    custom_text_split_function: Optional[Callable] = None,
    custom_text_types: List[str] = retrieve_utils.TEXT_FORMATS,
    recursive: bool = True,
    extra_docs: bool = False,
    parallel: int = 0,
    on_disk: bool = False,
    quantization_config: Optional[Any] = None,
    hnsw_config: Optional[Any] = None,
    payload_indexing: bool = False,
    qdrant_client_options: Optional[Dict[str, Any]] = None,
) -> Any:
    """Chunk the documents under `dir_path` into a Qdrant collection (integer ids); returns the client."""
    client = client or QdrantClient(**(qdrant_client_options or {"location": ":memory:"}))
    files = retrieve_utils.get_files_from_dir(dir_path, custom_text_types, recursive)
    chunks, sources = retrieve_utils.split_files_to_chunks(
        files, max_tokens, chunk_mode, must_break_at_empty_line, custom_text_split_function
    )
    logger.info(f"Found {len(chunks)} chunks.")
    encode = _encoder(embedding_model)
    vectors = encode(chunks) if chunks else []
    exists = client.collection_exists(collection_name)
    if not exists:
        size = len(vectors[0]) if chunks else len(encode(["size"])[0])
        client.create_collection(
            collection_name,
            vectors_config=models.VectorParams(size=size, distance=models.Distance.COSINE, on_disk=on_disk),
            quantization_config=quantization_config,
            hnsw_config=hnsw_config,
        )
    start = client.count(collection_name).count if (extra_docs and exists) else 0
    points = [
        models.PointStruct(id=start + i, vector=list(vector), payload={_TEXT_KEY: chunk, **source})
        for i, (chunk, vector, source) in enumerate(zip(chunks, vectors, sources))
    ]
    if points:
        client.upsert(collection_name, points=points)
    if payload_indexing:
        client.create_payload_index(
            collection_name,
            field_name=_TEXT_KEY,
            field_schema=models.TextIndexParams(type="text", tokenizer=models.TokenizerType.WORD, lowercase=True),
        )
    return client


def query_qdrant(
    query_texts: List[str],
    n_results: int = 10,
    client: Optional[Any] = None,
    collection_name: str = "all-my-documents",
    search_string: str = "",
    embedding_model: str = _DEFAULT_MODEL,
    qdrant_client_options: Optional[Dict[str, Any]] = None,
) -> Dict[str, List[List[Any]]]:
    """The `n_results` most similar chunks per query, in chromadb's column layout; scores under "distances"."""
    client = client or QdrantClient(**(qdrant_client_options or {"location": ":memory:"}))
    text_filter = None
    if search_string:
        text_filter = models.Filter(
            must=[models.FieldCondition(key=_TEXT_KEY, match=models.MatchText(text=search_string))]
        )
    requests = [
        models.QueryRequest(query=list(vector), limit=n_results, filter=text_filter, with_payload=True)
        for vector in _encoder(embedding_model)(query_texts)
    ]
    responses = client.query_batch_points(collection_name, requests=requests)
    columns: Dict[str, List[List[Any]]] = {"ids": [], "documents": [], "distances": [], "metadatas": []}
    for response in responses:
        columns["ids"].append([point.id for point in response.points])
        columns["documents"].append([(point.payload or {}).get(_TEXT_KEY, "") for point in response.points])
        columns["distances"].append([point.score for point in response.points])
        columns["metadatas"].append(
            [{k: v for k, v in (point.payload or {}).items() if k != _TEXT_KEY} for point in response.points]
        )
    return columns
