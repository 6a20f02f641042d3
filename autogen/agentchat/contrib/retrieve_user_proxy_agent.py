"""RetrieveUserProxyAgent: a user proxy that answers a question with documents retrieved from a vector database.

The first message of a chat (`message=RetrieveUserProxyAgent.message_generator`) carries the question and the
best-matching chunks. When the assistant replies "UPDATE CONTEXT" (or, with `customized_answer_prefix`, replies
without that prefix), the agent resets both histories and sends the question again with the next chunks.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, Union

from termcolor import colored

from ..._reexports import lazy_names
from ...code_utils import extract_code
from ...io.base import IOStream
from ...token_count_utils import count_token
from ..agent import Agent
from ..user_proxy_agent import UserProxyAgent
from ._retrieve_prompts import NO_INSTALL_REPLY, PROMPT_CODE, PROMPT_DEFAULT, PROMPT_QA, UPDATE_CONTEXT_IN_PROMPT

try:
    from ... import retrieve_utils
    from .vectordb.base import Document, QueryResults, VectorDB, VectorDBFactory
    from .vectordb.utils import chroma_results_to_query_results, filter_results_by_distance, get_logger
except ImportError as exc:
    raise ImportError(
        f"{exc}. You can try `pip install autogen-agentchat[retrievechat]~=0.2`, or install the missing package."
    ) from exc

__all__ = (
    "HASH_LENGTH",
    "PROMPT_CODE",
    "PROMPT_DEFAULT",
    "PROMPT_QA",
    "UPDATE_CONTEXT_IN_PROMPT",
    "RetrieveUserProxyAgent",
)

HASH_LENGTH = int(os.environ.get("HASH_LENGTH", 8))
logger = get_logger(__name__)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WIDENINGS = 4  # how many times an UPDATE CONTEXT retrieves a wider set before giving up

# attribute -> (retrieve_config key, 0.2's default) for the keys that are taken as they are
_CONFIG_DEFAULTS: Dict[str, Tuple[str, Any]] = {
    "_task": ("task", "default"),
    "_vector_db": ("vector_db", "chroma"),
    "_db_config": ("db_config", {}),
    "_client": ("client", None),
    "_docs_path": ("docs_path", None),
    "_extra_docs": ("extra_docs", False),
    "_new_docs": ("new_docs", True),
    "_collection_name": ("collection_name", "autogen-docs"),
    "_model": ("model", "gpt-4"),
    "_chunk_mode": ("chunk_mode", "multi_lines"),
    "_must_break_at_empty_line": ("must_break_at_empty_line", True),
    "_embedding_model": ("embedding_model", "all-MiniLM-L6-v2"),
    "_embedding_function": ("embedding_function", None),
    "customized_prompt": ("customized_prompt", None),
    "customized_answer_prefix": ("customized_answer_prefix", ""),
    "update_context": ("update_context", True),
    "_overwrite": ("overwrite", False),
    "custom_text_split_function": ("custom_text_split_function", None),
    "_recursive": ("recursive", True),
}


def _say(text: str, color: Optional[str] = "green") -> None:
    IOStream.get_default().print(colored(text, color) if color else text, flush=True)


def _message_text(message: Union[Dict[str, Any], str, None]) -> str:
    if isinstance(message, dict):
        content = message.get("content", "")
        return content if isinstance(content, str) else ""
    return message if isinstance(message, str) else ""


def _chunk_id(chunk: str, db_type: str) -> str:
    """Content-derived ids: the same chunk always gets the same id (Qdrant needs UUIDs)."""
    if db_type == "qdrant":
        return str(uuid.UUID(hex=hashlib.md5(chunk.encode("utf-8")).hexdigest()))
    return hashlib.blake2b(chunk.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def _get_ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


class RetrieveUserProxyAgent(UserProxyAgent):
    """A UserProxyAgent that retrieves context for its question from documents (RetrieveChat).

    `retrieve_config` says where the documents are (`docs_path`), which vector database holds them
    (`vector_db`: a name for `VectorDBFactory` with `db_config`, or a `VectorDB`), how they are chunked, and how
    the context prompt is built; the keys and defaults are 0.2's.
    """

    def __init__(
        self,
        name: str = "RetrieveChatAgent",
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "ALWAYS",
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        retrieve_config: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,
            human_input_mode=human_input_mode,
            is_termination_msg=is_termination_msg or self._is_termination_msg_retrievechat,
            **kwargs,
        )
        self._retrieve_config = {} if retrieve_config is None else retrieve_config
        self._read_config(self._retrieve_config)
        self._ipython = _get_ipython()
        self._doc_idx = -1
        self._results: QueryResults = []
        self._intermediate_answers: set = set()
        self._doc_contents: List[str] = []
        self._doc_ids: List[Any] = []
        self._current_docs_in_context: List[Any] = []
        self._search_string = ""
        self.problem = ""
        self.n_results = 20
        self.register_reply(Agent, RetrieveUserProxyAgent._generate_retrieve_user_reply, position=2)
        self.register_hook("process_message_before_send", self._check_update_context_before_send)

    # ------------------------------------------------------------------ configuration
    def _read_config(self, config: Dict[str, Any]) -> None:
        """Take every retrieve_config key, with 0.2's defaults."""
        for attribute, (key, default) in _CONFIG_DEFAULTS.items():
            setattr(self, attribute, config.get(key, default))
        if "db_config" not in config:
            self._db_config = {}  # a fresh dict per agent: the embedding function may be added to it
        self.customized_answer_prefix = self.customized_answer_prefix.upper()
        self._max_tokens = self.get_max_tokens(self._model)
        self._chunk_token_size = int(config.get("chunk_token_size", self._max_tokens * 0.4))
        self._context_max_tokens = config.get("context_max_tokens", self._max_tokens * 0.8)
        self.custom_token_count_function = config.get("custom_token_count_function", count_token)
        self._custom_text_types = config.get("custom_text_types", retrieve_utils.TEXT_FORMATS)
        # Without documents to index, the collection must already exist: fetch it, never create it.
        self._get_or_create = True if self._docs_path is None else config.get("get_or_create", False)
        self._collection = self._docs_path is None  # True once the collection is known to be usable
        if "docs_path" not in config:
            logger.warning(
                "docs_path is not provided in retrieve_config. "
                f"Will raise ValueError if the collection `{self._collection_name}` doesn't exist. "
                "Set docs_path to None to suppress this warning."
            )
        self._vector_db = self._build_vector_db(config)

    def _build_vector_db(self, config: Dict[str, Any]) -> Any:
        """A `VectorDB` from a name (with `db_config`), as given, or None for the deprecated chromadb-client path."""
        if self._vector_db is None:
            if self._client is None:
                import chromadb

                self._client = chromadb.Client()
            return None
        if isinstance(self._vector_db, VectorDB):
            return self._vector_db
        if not isinstance(self._db_config, dict):
            raise ValueError("`db_config` should be a dictionary.")
        if "embedding_function" in config:
            self._db_config["embedding_function"] = self._embedding_function
        return VectorDBFactory.create_vector_db(db_type=self._vector_db, **self._db_config)

    @staticmethod
    def get_max_tokens(model: str = "gpt-3.5-turbo") -> int:
        """0.2's rough context size of a model, from its name."""
        if "32k" in model:
            return 32000
        if "16k" in model:
            return 16000
        if "gpt-4" in model:
            return 8000
        return 4000

    # ------------------------------------------------------------------ state
    def _reset(self, intermediate: bool = False) -> None:
        """Forget the current results; unless `intermediate`, also what was already put in context."""
        self._doc_idx = -1
        self._results = []
        if not intermediate:
            self._intermediate_answers = set()
            self._doc_contents = []
            self._doc_ids = []

    # ------------------------------------------------------------------ indexing the documents
    def _init_db(self) -> None:
        """Make the collection ready: chunk and insert the documents when they are new or the collection is."""
        db: Any = self._vector_db
        if db is None:
            return
        name = self._collection_name
        to_chunk = self._new_docs
        if self._docs_path is None:
            try:
                db.get_collection(name)
            except ValueError as exc:
                raise ValueError(
                    f"docs_path is not given and the collection `{name}` does not exist: "
                    "give docs_path or the name of an existing collection."
                ) from exc
            logger.info(f"Using the existing collection `{name}` (no docs_path given).")
            self._overwrite, self._get_or_create, to_chunk = False, True, False
        elif self._get_or_create and not self._overwrite:
            try:
                db.get_collection(name)
                logger.info(f"Using the existing collection `{name}`.")
            except ValueError:
                to_chunk = True
        else:
            to_chunk = True
        # Read and chunk every file before touching the database: a bad file leaves the collection as it was.
        chunks, sources = self._chunk_documents() if to_chunk else ([], [])
        db.active_collection = db.create_collection(name, overwrite=self._overwrite, get_or_create=self._get_or_create)
        if to_chunk:
            self._insert_chunks(chunks, sources)

    def _chunk_documents(self) -> Tuple[List[str], List[dict]]:
        files = retrieve_utils.get_files_from_dir(self._docs_path, self._custom_text_types, self._recursive)
        if not files:
            raise ValueError(
                f"No documents found in docs_path {self._docs_path!r}: no file there has one of the types "
                f"{list(self._custom_text_types)}."
            )
        if self.custom_text_split_function is not None:
            return retrieve_utils.split_files_to_chunks(
                files, custom_text_split_function=self.custom_text_split_function
            )
        return retrieve_utils.split_files_to_chunks(
            files, self._chunk_token_size, self._chunk_mode, self._must_break_at_empty_line
        )

    def _insert_chunks(self, chunks: List[str], sources: List[dict]) -> None:
        db: Any = self._vector_db
        name = self._collection_name
        known = set()
        if self._new_docs:
            known = {doc["id"] for doc in db.get_docs_by_ids(ids=None, collection_name=name)}
        docs: List[Document] = []
        for chunk, source in zip(chunks, sources):
            doc_id = _chunk_id(chunk, db.type)
            if doc_id in known:
                continue
            known.add(doc_id)
            docs.append(Document(id=doc_id, content=chunk, metadata=source))  # type: ignore[typeddict-item]
        db.insert_docs(docs, collection_name=name, upsert=True)

    # ------------------------------------------------------------------ retrieval
    def retrieve_docs(self, problem: str, n_results: int = 20, search_string: str = "") -> None:
        """Retrieve the `n_results` chunks nearest to `problem` into `self._results` (override to customise).

        With chromadb, `search_string` limits the search to chunks containing it.
        """
        if isinstance(self._vector_db, VectorDB):
            self._retrieve_from_vector_db(problem, n_results, search_string)
        else:
            self._retrieve_from_chroma_client(problem, n_results, search_string)
        self._search_string = search_string

    def _retrieve_from_vector_db(self, problem: str, n_results: int, search_string: str) -> None:
        db: Any = self._vector_db
        if not self._collection or not self._get_or_create:
            _say("Trying to create collection.", None)
            self._init_db()
            self._collection = True
            self._get_or_create = True
        extra: Dict[str, Any] = {}
        if db.type == "chroma":
            extra["where_document"] = {"$contains": search_string} if search_string else None
        self._results = db.retrieve_docs(
            queries=[problem],
            n_results=n_results,
            collection_name=self._collection_name,
            distance_threshold=self._distance_threshold,
            **extra,
        )
        _say(f"VectorDB returns doc_ids:  {[[doc[0]['id'] for doc in hits] for hits in self._results]}", None)

    def _retrieve_from_chroma_client(self, problem: str, n_results: int, search_string: str) -> None:
        """0.2's original path: a chromadb client filled by `create_vector_db_from_dir`."""
        if not self._collection or not self._get_or_create:
            _say("Trying to create collection.", None)
            self._client = retrieve_utils.create_vector_db_from_dir(
                dir_path=self._docs_path,
                max_tokens=self._chunk_token_size,
                client=self._client,
                collection_name=self._collection_name,
                chunk_mode=self._chunk_mode,
                must_break_at_empty_line=self._must_break_at_empty_line,
                embedding_model=self._embedding_model,
                get_or_create=self._get_or_create,
                embedding_function=self._embedding_function,
                custom_text_split_function=self.custom_text_split_function,
                custom_text_types=self._custom_text_types,
                recursive=self._recursive,
                extra_docs=self._extra_docs,
            )
            self._collection = True
            self._get_or_create = True
        found = retrieve_utils.query_vector_db(
            query_texts=[problem],
            n_results=n_results,
            search_string=search_string,
            client=self._client,
            collection_name=self._collection_name,
            embedding_model=self._embedding_model,
            embedding_function=self._embedding_function,
        )
        found = dict(found)
        found["contents"] = found.pop("documents")
        self._results = filter_results_by_distance(
            chroma_results_to_query_results(found, "distances"), self._distance_threshold
        )
        _say(f"doc_ids:  {found['ids']}", None)

    @property
    def _distance_threshold(self) -> float:
        return self._retrieve_config.get("distance_threshold", -1)

    def _get_context(self, results: QueryResults) -> str:
        """Texts of the next unused chunks of `results` that fit `context_max_tokens`, at most `n_results` of them."""
        context = ""
        used_tokens = 0
        added = 0
        self._current_docs_in_context = []
        for position, (doc, _distance) in enumerate(results[0] if results else []):
            if position <= self._doc_idx or doc["id"] in self._doc_ids:
                continue
            tokens = self.custom_token_count_function(doc["content"], self._model)
            if tokens > self._context_max_tokens:
                _say(f"Skip doc_id {doc['id']} as it is too long to fit in the context.")
                self._doc_idx = position
                continue
            if used_tokens + tokens > self._context_max_tokens:
                break
            _say(f"Adding content of doc {doc['id']} to context.")
            used_tokens += tokens
            context += doc["content"] + "\n"
            metadata = doc.get("metadata")
            if isinstance(metadata, dict):
                self._current_docs_in_context.append(metadata.get("source", ""))
            self._doc_idx = position
            self._doc_ids.append(doc["id"])
            self._doc_contents.append(doc["content"])
            added += 1
            if added >= self.n_results:
                break
        return context

    def _generate_message(self, doc_contents: str, task: str = "default") -> str:
        """The context prompt for the current problem; "TERMINATE" when there is no context left."""
        if not doc_contents:
            _say("No more context, will terminate.")
            return "TERMINATE"
        if self.customized_prompt:
            return self.customized_prompt.format(input_question=self.problem, input_context=doc_contents)
        kind = task.upper()
        if kind == "CODE":
            return PROMPT_CODE.format(input_question=self.problem, input_context=doc_contents)
        if kind == "QA":
            return PROMPT_QA.format(input_question=self.problem, input_context=doc_contents)
        if kind == "DEFAULT":
            return PROMPT_DEFAULT.format(
                input_question=self.problem,
                input_context=doc_contents,
                input_sources=self._current_docs_in_context,
            )
        raise NotImplementedError(f"task {task} is not implemented.")

    # ------------------------------------------------------------------ the UPDATE CONTEXT loop
    def _check_update_context(self, message: Union[Dict[str, Any], str, None]) -> Tuple[bool, bool]:
        """(the model asked for more context, the answer lacks the required prefix)."""
        text = _message_text(message)
        asked = "UPDATE CONTEXT" in text.upper() and UPDATE_CONTEXT_IN_PROMPT not in text
        unprefixed = bool(self.customized_answer_prefix) and self.customized_answer_prefix not in text.upper()
        return asked, unprefixed

    def _is_termination_msg_retrievechat(self, message: Dict[str, Any]) -> bool:
        """Done when the reply has no python code to run and asks for no more context."""
        if not isinstance(message, dict) or message.get("content") is None:
            return False
        if any(lang == "python" for lang, _ in extract_code(_message_text(message))):
            return False
        return not any(self._check_update_context(message))

    def _widen_until_found(self, query: str, first_round: int, accumulate: bool) -> str:
        """Retrieve ever more results for `query` (n, 3n, 5n, ...) until unused context turns up or none is left."""
        context = ""
        for round_index in range(first_round, _WIDENINGS + 1):
            wanted = self.n_results * (2 * round_index + 1)
            self._reset(intermediate=True)
            self.retrieve_docs(query, wanted, self._search_string)
            context = self._get_context(self._results)
            if accumulate:
                context = "\n".join(self._doc_contents)
            if context or wanted >= len(self._results[0] if self._results else []):
                break
        return context

    def _next_context(self, asked: bool, intermediate_answer: str) -> str:
        if asked:
            return self._get_context(self._results) or self._widen_until_found(self.problem, 1, accumulate=False)
        return self._widen_until_found(intermediate_answer, 0, accumulate=True)

    def _generate_retrieve_user_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """On a request for more context, restart the conversation with the next retrieved chunks."""
        if messages is None:
            messages = self._oai_messages[sender]
        message = messages[-1]
        asked, unprefixed = self._check_update_context(message)
        if not ((asked or unprefixed) and self.update_context):
            return False, None
        _say("Updating context and resetting conversation.")
        first_line = _message_text(message).split("\n")[0].strip()
        intermediate_answer = _FIRST_SENTENCE.split(first_line)[0]
        self._intermediate_answers.add(intermediate_answer)
        context = self._next_context(asked, intermediate_answer)
        self.clear_history()
        if sender is not None:
            sender.clear_history()
        return True, self._generate_message(context, task=self._task)

    def _check_update_context_before_send(
        self, sender: Agent, message: Union[Dict[str, Any], str], recipient: Agent, silent: bool
    ) -> Union[Dict[str, Any], str]:
        """A message that is just "UPDATE CONTEXT" (typed by a human) is replaced by the next context prompt."""
        if not isinstance(message, (str, dict)):
            return message
        if _message_text(message).strip().upper() != "UPDATE CONTEXT":
            return message
        context = self._next_context(True, "")
        prompt = self._generate_message(context, task=self._task)
        if isinstance(message, dict):
            return {**message, "content": prompt}
        return prompt

    # ------------------------------------------------------------------ chat entry point and code
    @staticmethod
    def message_generator(sender: RetrieveUserProxyAgent, recipient: Agent, context: Dict[str, Any]) -> str:
        """The first message of a RetrieveChat: pass it as `initiate_chat(message=...)` with `problem=` (and
        optionally `n_results=`, `search_string=`) as chat arguments."""
        sender._reset()
        sender.problem = context.get("problem", "")
        sender.n_results = context.get("n_results", 20)
        sender.retrieve_docs(sender.problem, sender.n_results, context.get("search_string", ""))
        first_context = sender._get_context(sender._results)
        return sender._generate_message(first_context, sender._task)

    def run_code(self, code: str, **kwargs: Any) -> Tuple[int, str, Any]:
        """Run code, refusing package installs; inside IPython, Python runs in the notebook's own kernel."""
        language = kwargs.get("lang")
        if code.startswith(("!", "pip")) or language in {"bash", "shell", "sh"}:
            return 0, NO_INSTALL_REPLY, None
        if language == "python" and self._ipython is not None:
            return self._run_in_ipython(code)
        return super().run_code(code, **kwargs)

    def _run_in_ipython(self, code: str) -> Tuple[int, str, Any]:
        outcome = self._ipython.run_cell(code)
        problems = [err for err in (outcome.error_before_exec, outcome.error_in_exec) if err is not None]
        output = "\n".join([str(outcome.result), *map(str, problems)])
        return (1 if problems else 0), output, None


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
