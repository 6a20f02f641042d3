"""AgentBuilder.build_from_library: choose experts from a library by embedding similarity, then by the builder model.

Needs the `autobuild` extra (chromadb and sentence-transformers; the embedding model must be available locally or
downloadable).
"""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set

from ...formatting_utils import colored
from ...io.base import IOStream

if TYPE_CHECKING:
    from .agent_builder import AgentBuilder

__all__ = ("select_from_library",)

_AUTOBUILD_HINT = 'pip install "autogen-agentchat[autobuild]~=0.2"'


def _import_chromadb() -> Any:
    import sqlite3  # noqa: PLC0415

    if int(sqlite3.sqlite_version.split(".")[0]) < 3:  # chromadb needs a recent sqlite: use pysqlite3's
        try:
            __import__("pysqlite3")
            sys.modules["sqlite3"] = sys.modules.pop("pysqlite3")
        except ImportError as e:
            raise ImportError(f"build_from_library needs pysqlite3: {_AUTOBUILD_HINT}") from e
    try:
        import chromadb  # noqa: PLC0415
        from chromadb.utils import embedding_functions  # noqa: PLC0415
    except ImportError as e:
        raise ImportError(f"build_from_library needs chromadb: {_AUTOBUILD_HINT}") from e
    return chromadb, embedding_functions


def _load_library(library_path_or_json: str) -> List[Dict[str, Any]]:
    try:
        return json.loads(library_path_or_json)
    except json.decoder.JSONDecodeError:
        with open(library_path_or_json) as f:
            return json.load(f)


def _recall(
    library: List[Dict[str, Any]], skills: List[str], top_k: int, embedding_model: Optional[str]
) -> List[Dict[str, Any]]:
    """The library entries whose descriptions are among the `top_k` nearest to any skill."""
    chromadb, embedding_functions = _import_chromadb()
    try:
        embedding = embedding_functions.SentenceTransformerEmbeddingFunction(model_name=embedding_model)
    except Exception as e:  # sentence-transformers missing, or the model cannot be loaded
        raise ImportError(
            f"build_from_library needs sentence-transformers and its model ({e}): {_AUTOBUILD_HINT}"
        ) from e
    client = chromadb.Client()
    collection = client.create_collection(name="agent_list", embedding_function=embedding)
    try:
        collection.add(
            documents=[agent["description"] for agent in library],
            metadatas=[{"source": "agent_profile"} for _ in library],
            ids=[f"agent_{i}" for i in range(len(library))],
        )
        descriptions: Set[str] = set()
        for skill in skills:
            descriptions |= set(collection.query(query_texts=[skill], n_results=top_k)["documents"][0])
    finally:
        client.delete_collection(collection.name)
    recalled = []
    for description in descriptions:
        for agent in library:
            if agent["description"] == description:
                recalled.append(agent.copy())
                break
    return recalled


def _ask_selection(builder: AgentBuilder, building_task: str, expert_pool: List[str]) -> Dict[str, str]:
    """skill -> "name: description" or "None", asked until the builder model answers with valid JSON."""
    from .agent_builder import _retrieve_json  # noqa: PLC0415

    prompt = builder.AGENT_SELECTION_PROMPT.format(
        skills=building_task, expert_pool=expert_pool, max_agents=builder.max_agents
    )
    while True:
        answer = builder._ask(prompt)
        try:
            return json.loads(_retrieve_json(answer))
        except Exception as e:
            IOStream.get_default().print(e, flush=True)
            time.sleep(5)


def select_from_library(
    builder: AgentBuilder,
    building_task: str,
    library_path_or_json: str,
    default_llm_config: Dict[str, Any],
    top_k: int,
    use_oai_assistant: Optional[bool],
    embedding_model: Optional[str],
) -> List[Dict[str, Any]]:
    """The agent configs for `building_task`: chosen library entries, plus generated experts for unmatched skills."""
    library = _load_library(library_path_or_json)
    iostream = IOStream.get_default()
    iostream.print(colored("==> Looking for suitable agents in the library...", "green"), flush=True)
    skills = building_task.replace(":", " ").split("\n") or [building_task]
    candidates = _recall(library, skills, top_k, embedding_model)
    pairs = _ask_selection(builder, building_task, [f"{a['name']}: {a['description']}" for a in candidates])
    recalled: List[Dict[str, Any]] = []
    created: List[Dict[str, Any]] = []
    seen: List[str] = []
    for skill, profile in pairs.items():
        if profile == "None":
            _, config = builder.build(
                building_task=skill,
                default_llm_config=default_llm_config.copy(),
                coding=False,
                use_oai_assistant=use_oai_assistant,
                max_agents=1,
            )
            builder.clear_agent(config["agent_configs"][0]["name"])
            created.append(config["agent_configs"][0])
            continue
        if profile in seen:
            continue
        seen.append(profile)
        name, desc = profile.split(":")[0].strip(), profile.split(":")[1].strip()
        recalled.extend(a.copy() for a in candidates if a["name"] == name and a["description"] == desc)
    iostream.print(f"{[a['name'] for a in recalled]} are selected.", flush=True)
    iostream.print(f"{[a['name'] for a in created]} are generated.", flush=True)
    return recalled + created
