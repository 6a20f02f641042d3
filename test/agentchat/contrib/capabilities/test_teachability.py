"""Teachability + MemoStore: memories stored by an analyzer LLM and recalled in later chats (real chromadb)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest

chromadb = pytest.importorskip("chromadb")
np = pytest.importorskip("numpy")

from chromadb.api.types import EmbeddingFunction  # noqa: E402

import autogen  # noqa: E402
from autogen.agentchat.contrib.capabilities import _memo_store as memo_store_module  # noqa: E402
from autogen.agentchat.contrib.capabilities import teachability as teachability_module  # noqa: E402
from autogen.agentchat.contrib.capabilities.teachability import MemoStore, Teachability  # noqa: E402
from autogen.formatting_utils import colored  # noqa: E402
from autogen.testing import Reply  # noqa: E402


class BagOfWords(EmbeddingFunction):
    """A deterministic offline embedding: hashed word counts, L2-normalised, 384 dimensions."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: List[str]) -> List[Any]:  # noqa: A002 (chromadb's parameter name)
        vectors = []
        for text in input:
            v = np.zeros(384, dtype=np.float32)
            for word in text.lower().replace("?", " ").replace(".", " ").replace("'", " ").split():
                v[int(hashlib.md5(word.encode()).hexdigest(), 16) % 384] += 1
            norm = np.linalg.norm(v)
            vectors.append(v / norm if norm else v)
        return vectors

    @staticmethod
    def name() -> str:
        return "test-bag-of-words"

    def get_config(self) -> Dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: Dict[str, Any]) -> BagOfWords:
        return BagOfWords()


@pytest.fixture
def db_dir(tmp_path: Path) -> str:
    return str(tmp_path / "teachable_db")


def _store(db_dir: str, **kwargs: Any) -> MemoStore:
    return MemoStore(path_to_db_dir=db_dir, embedding_function=BagOfWords(), **kwargs)


# ---------------------------------------------------------------------------------------------------------- MemoStore
def test_memo_store_add_and_nearest(db_dir: str) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("What is the capital of France?", "Paris")
    store.add_input_output_pair("How do I sort a list in Python?", "Use sorted().")
    assert store.last_memo_id == 2
    text, output, distance = store.get_nearest_memo("capital of France")
    assert (text, output) == ("What is the capital of France?", "Paris")
    assert distance >= 0


def test_memo_store_related_memos_respect_threshold_and_count(db_dir: str) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("favorite color question", "teal")
    store.add_input_output_pair("completely different words here", "other")
    related = store.get_related_memos("favorite color question", n_results=10, threshold=0.5)
    assert [memo[1] for memo in related] == ["teal"]
    assert len(store.get_related_memos("favorite color question", n_results=10, threshold=10)) == 2
    assert len(store.get_related_memos("favorite color question", n_results=1, threshold=10)) == 1


def test_memo_store_empty_has_no_related_memos(db_dir: str) -> None:
    assert _store(db_dir).get_related_memos("anything", n_results=10, threshold=10) == []


def test_memo_store_persists_between_instances(db_dir: str, scripted_io: Any) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("a question", "an answer")
    store._save_memos()
    again = _store(db_dir)
    assert "LOADING MEMORY FROM DISK" in scripted_io.text
    assert again.last_memo_id == 1
    assert again.uid_text_dict == {"1": ("a question", "an answer")}
    assert again.get_nearest_memo("a question")[1] == "an answer"


def test_memo_store_reset(db_dir: str, scripted_io: Any) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("a question", "an answer")
    store._save_memos()
    fresh = _store(db_dir, reset=True)
    assert fresh.uid_text_dict == {}
    assert fresh.vec_db.count() == 0
    assert "CLEARING MEMORY" in scripted_io.text


def test_memo_store_prepopulate(db_dir: str) -> None:
    store = _store(db_dir)
    store.prepopulate()
    assert store.last_memo_id == 10
    assert {output for _, output in store.uid_text_dict.values()} == {"yes", "no"}
    assert os.path.exists(store.path_to_dict)


def test_memo_store_list_memos(db_dir: str, scripted_io: Any) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("in", "out")
    store.list_memos()
    assert "INPUT TEXT: in" in scripted_io.text and "OUTPUT TEXT: out" in scripted_io.text


# --------------------------------------------------------------------------------------------------------- Teachability
class FakeAnalystLLM:
    """Answers the analyzer's questions from a table of facts; answers the agent itself with its last message."""

    def __init__(self) -> None:
        self.agent_requests: List[List[Dict[str, Any]]] = []

    def __call__(self, body: Dict[str, Any]) -> Reply:
        last = body["messages"][-1]["content"]
        if not last.startswith("# INSTRUCTIONS"):
            self.agent_requests.append(body["messages"])
            return Reply.text("Noted.")
        instructions = last.split("\n", 2)[1]
        text = last.split("# TEXT\n", 1)[1].split("\n# INSTRUCTIONS")[0].strip()
        return Reply.text(self._answer(instructions, text))

    @staticmethod
    def _answer(instructions: str, text: str) -> str:
        teaches_color = "favorite color is teal" in text
        asks_task = "twist" in text.lower() and "compute" in text.lower()
        gives_advice = asks_task and "product minus sum" in text
        if instructions == teachability_module._IS_TASK:
            return "yes" if asks_task else "no"
        if instructions == teachability_module._COPY_ADVICE:
            return "The twist of numbers is their product minus their sum." if gives_advice else "none"
        if instructions == teachability_module._COPY_TASK:
            return "Compute the twist of 5 and 7."
        if instructions == teachability_module._GENERALIZE_TASK:
            return "compute the twist of numbers"
        if instructions == teachability_module._HAS_INFO:
            return "yes" if teaches_color else "no"
        if instructions == teachability_module._QUESTION_FOR_INFO:
            return "What is my favorite color?"
        if instructions == teachability_module._COPY_INFO:
            return "My favorite color is teal."
        raise AssertionError(f"unexpected analyzer instructions: {instructions!r}")


def _teachable_agent(llm_config: Dict[str, Any], db_dir: str, **kwargs: Any) -> autogen.ConversableAgent:
    agent = autogen.ConversableAgent("teachable", llm_config=llm_config, human_input_mode="NEVER")
    Teachability(path_to_db_dir=db_dir, embedding_function=BagOfWords(), **kwargs).add_to_agent(agent)
    return agent


def _user() -> autogen.UserProxyAgent:
    return autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)


def test_constructor_defaults(db_dir: str) -> None:
    capability = Teachability(path_to_db_dir=db_dir, embedding_function=BagOfWords())
    assert capability.verbosity == 0
    assert capability.recall_threshold == 1.5
    assert capability.max_num_retrievals == 10
    assert capability.llm_config is None
    assert capability.analyzer is None and capability.teachable_agent is None
    assert isinstance(capability.memo_store, MemoStore)


def test_add_to_agent(llm_config: Dict[str, Any], db_dir: str) -> None:
    agent = autogen.ConversableAgent("teachable", llm_config=llm_config, system_message="Base.")
    capability = Teachability(path_to_db_dir=db_dir, embedding_function=BagOfWords())
    capability.add_to_agent(agent)
    assert capability.teachable_agent is agent
    assert capability.llm_config == agent.llm_config
    assert capability.analyzer is not None
    assert agent.system_message.startswith("Base.\n") and "remember" in agent.system_message
    assert capability.process_last_received_message in agent.hook_lists["process_last_received_message"]


def test_add_to_agent_without_llm_config_fails(db_dir: str) -> None:
    agent = autogen.ConversableAgent("teachable", llm_config=False)
    with pytest.raises(AssertionError, match="llm_config"):
        Teachability(path_to_db_dir=db_dir, embedding_function=BagOfWords()).add_to_agent(agent)


def test_fact_taught_in_one_chat_is_recalled_in_the_next(
    llm_server: Any, llm_config: Dict[str, Any], db_dir: str
) -> None:
    fake = FakeAnalystLLM()
    llm_server.responder = fake
    user = _user()
    _user_chat = user.initiate_chat(
        _teachable_agent(llm_config, db_dir), message="My favorite color is teal.", max_turns=1, silent=True
    )
    assert _user_chat.summary == "Noted."
    # a new agent (as in a new session) with the same database
    agent = _teachable_agent(llm_config, db_dir)
    user.initiate_chat(agent, message="What is my favorite color?", max_turns=1, silent=True)
    seen = fake.agent_requests[-1][-1]["content"]
    assert seen == "What is my favorite color?\n\n# Memories that might help\n- My favorite color is teal.\n"


def test_task_advice_is_recalled_for_a_similar_task(llm_server: Any, llm_config: Dict[str, Any], db_dir: str) -> None:
    fake = FakeAnalystLLM()
    llm_server.responder = fake
    user = _user()
    teach = "Compute the twist of 5 and 7. Here is a hint: the twist is the product minus sum of the numbers."
    user.initiate_chat(_teachable_agent(llm_config, db_dir), message=teach, max_turns=1, silent=True)
    agent = _teachable_agent(llm_config, db_dir)
    user.initiate_chat(agent, message="Please compute the twist of 8, 3 and 2.", max_turns=1, silent=True)
    seen = fake.agent_requests[-1][-1]["content"]
    assert "# Memories that might help\n- The twist of numbers is their product minus their sum.\n" in seen


def test_nothing_to_remember_leaves_message_unchanged(llm_server: Any, llm_config: Dict[str, Any], db_dir: str) -> None:
    fake = FakeAnalystLLM()
    llm_server.responder = fake
    agent = _teachable_agent(llm_config, db_dir)
    _user().initiate_chat(agent, message="Hello there.", max_turns=1, silent=True)
    assert fake.agent_requests[-1][-1]["content"] == "Hello there."
    assert agent.hook_lists["process_last_received_message"][0].__self__.memo_store.last_memo_id == 0


def test_concatenate_memo_texts(db_dir: str) -> None:
    capability = Teachability(path_to_db_dir=db_dir, embedding_function=BagOfWords())
    assert capability._concatenate_memo_texts([]) == ""
    assert capability._concatenate_memo_texts(["a", "b"]) == "\n\n# Memories that might help\n- a\n- b\n"


def test_prepopulate_db_and_verbose_logging(
    llm_server: Any, llm_config: Dict[str, Any], db_dir: str, scripted_io: Any
) -> None:
    llm_server.responder = FakeAnalystLLM()
    agent = autogen.ConversableAgent("teachable", llm_config=llm_config, human_input_mode="NEVER")
    capability = Teachability(
        verbosity=3, reset_db=True, path_to_db_dir=db_dir, recall_threshold=1.5, embedding_function=BagOfWords()
    )
    capability.add_to_agent(agent)
    capability.prepopulate_db()
    assert capability.memo_store.last_memo_id == 10
    _user().initiate_chat(agent, message="My favorite color is teal.", max_turns=1, silent=True)
    assert "REMEMBER THIS QUESTION-ANSWER PAIR" in scripted_io.text
    assert "LIST OF MEMOS" in scripted_io.text


# ------------------------------------------------------------------------------------------------ 0.2's exact shapes
def test_memo_distance_is_squared_l2_as_in_0_2(db_dir: str) -> None:
    # unit vectors with no word in common are orthogonal: squared L2 distance 2 (a cosine distance would be 1)
    store = _store(db_dir)
    store.add_input_output_pair("alpha", "first")
    assert store.get_nearest_memo("omega")[2] == pytest.approx(2.0, abs=1e-5)
    assert store.get_related_memos("omega", n_results=10, threshold=1.5) == []


def test_reset_db_keeps_numbering_memos_on(db_dir: str) -> None:
    store = _store(db_dir)
    store.add_input_output_pair("a question", "an answer")
    store.reset_db()
    store.add_input_output_pair("b question", "b answer")
    assert store.uid_text_dict == {"2": ("b question", "b answer")}


def test_prepopulate_announces_itself_in_green(db_dir: str, scripted_io: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # the console is not a terminal under pytest, so colours are shown as tags
    monkeypatch.setattr(memo_store_module, "colored", lambda text, color=None, *a, **k: f"<{color}>{text}")
    _store(db_dir, verbosity=1).prepopulate()
    assert "<light_green>\nPREPOPULATING MEMORY\n" in scripted_io.text


def test_closest_memo_beyond_threshold_is_shown_then_a_blank_line(db_dir: str, scripted_io: Any) -> None:
    capability = Teachability(verbosity=1, path_to_db_dir=db_dir, recall_threshold=0.5, embedding_function=BagOfWords())
    capability.memo_store.add_input_output_pair("alpha", "first")
    assert capability._retrieve_relevant_memos("omega") == []
    shown = scripted_io.text.split(colored("\nTHE CLOSEST MEMO IS BEYOND THE THRESHOLD:", "light_yellow") + "\n", 1)[1]
    assert "INPUT-OUTPUT PAIR RETRIEVED FROM VECTOR DATABASE:\n  INPUT1\n    alpha\n  OUTPUT\n    first\n" in shown
    assert shown.endswith("\n\n") and shown.splitlines()[-1] == ""  # a blank line, not the memo tuple
