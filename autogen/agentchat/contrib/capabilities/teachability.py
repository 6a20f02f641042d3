"""Teachability: an agent remembers what users teach it (facts, preferences, task advice) across conversations.

Each received message is analysed by a TextAnalyzerAgent: useful information is stored as memos in a vector
database (MemoStore, chromadb), and memos related to a new message are appended to it before the agent replies.
Needs the `teachable` extra (chromadb).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ....formatting_utils import colored
from ....io.base import IOStream
from ...conversable_agent import ConversableAgent
from ..text_analyzer_agent import TextAnalyzerAgent
from ._memo_store import MemoStore
from .agent_capability import AgentCapability

__all__ = ("Teachability", "MemoStore")

# Questions put to the analyzer about a TEXT. Decisions look for "yes" in the answer, or for the absence of "none".
_IS_TASK = (
    "Is the TEXT asking for some task to be carried out or some problem to be solved? "
    "Reply with a single word: yes or no."
)
_COPY_TASK = "Quote only the task stated in the TEXT and nothing more: do not work on it, and add no advice."
_GENERALIZE_TASK = (
    "In a few words, state what kind of task the TEXT describes, in general terms, "
    "omitting any particulars that other tasks of the same kind would not share."
)
_COPY_ADVICE = (
    "Is there advice in the TEXT that would help with tasks like this one later on? "
    "If there is, quote only that advice. If there is not, reply with the single word none."
)
_HAS_INFO = "Is there anything in the TEXT that would be worth remembering later? Reply with a single word: yes or no."
_QUESTION_FOR_INFO = (
    "Suppose the user later forgets this information from the TEXT. "
    "Write only the question they would ask you to get it back."
)
_COPY_INFO = "Quote the information in the TEXT that is worth remembering, without any comment."

# Appended to the agent's system message.
_MEMORY_NOTE = "You remember what users have taught you in earlier conversations."


class Teachability(AgentCapability):
    """Gives an agent a long-term memory of user teachings, kept in a vector database between chats.

    `recall_threshold` is the largest embedding distance at which a memo still counts as related;
    `max_num_retrievals` bounds how many memos are added to one message. `llm_config` is for the analyzer
    (defaults to the agent's own). `embedding_function` (beyond 0.2) replaces chromadb's default embedding,
    which downloads a model on first use.
    """

    def __init__(
        self,
        verbosity: Optional[int] = 0,
        reset_db: Optional[bool] = False,
        path_to_db_dir: Optional[str] = "./tmp/teachable_agent_db",
        recall_threshold: Optional[float] = 1.5,
        max_num_retrievals: Optional[int] = 10,
        llm_config: Optional[Union[Dict[str, Any], bool]] = None,
        *,
        embedding_function: Optional[Any] = None,
    ) -> None:
        self.verbosity = verbosity
        self.path_to_db_dir = path_to_db_dir
        self.recall_threshold = recall_threshold
        self.max_num_retrievals = max_num_retrievals
        self.llm_config = llm_config
        self.analyzer: Optional[TextAnalyzerAgent] = None
        self.teachable_agent: Optional[ConversableAgent] = None
        self.memo_store = MemoStore(
            self.verbosity, reset_db, self.path_to_db_dir, embedding_function=embedding_function
        )

    def add_to_agent(self, agent: ConversableAgent) -> None:
        """Hook memory into `agent`'s message processing and tell it that it can remember."""
        self.teachable_agent = agent
        agent.register_hook("process_last_received_message", self.process_last_received_message)
        self.analyzer = TextAnalyzerAgent(llm_config=self._analyzer_llm_config(agent))
        agent.update_system_message(f"{agent.system_message}\n{_MEMORY_NOTE}")

    def _analyzer_llm_config(self, agent: ConversableAgent) -> Any:
        """Our own llm_config, else the agent's (remembered); there must be one."""
        if self.llm_config is None:
            self.llm_config = agent.llm_config
        assert self.llm_config, "Teachability requires a valid llm_config."
        return self.llm_config

    def prepopulate_db(self) -> None:
        """Fill the memory with a few general examples."""
        self.memo_store.prepopulate()

    def process_last_received_message(self, text: Union[Dict[str, Any], str]) -> str:
        """Store what is worth remembering in `text`, and return `text` with related memories appended."""
        expanded_text = text
        if self.memo_store.last_memo_id > 0:
            expanded_text = self._consider_memo_retrieval(text)  # type: ignore[arg-type]
        self._consider_memo_storage(text)  # type: ignore[arg-type]
        return expanded_text  # type: ignore[return-value]

    def _consider_memo_storage(self, comment: Union[Dict[str, Any], str]) -> None:
        """Store task advice (keyed by the generalised task) and information (keyed by a recall question)."""
        memo_added = False
        if "yes" in self._analyze(comment, _IS_TASK).lower():
            advice = self._analyze(comment, _COPY_ADVICE)
            if "none" not in advice.lower():
                task = self._analyze(comment, _COPY_TASK)
                general_task = self._analyze(task, _GENERALIZE_TASK)
                self._log("\nREMEMBER THIS TASK-ADVICE PAIR")
                self.memo_store.add_input_output_pair(general_task, advice)
                memo_added = True
        if "yes" in self._analyze(comment, _HAS_INFO).lower():
            question = self._analyze(comment, _QUESTION_FOR_INFO)
            answer = self._analyze(comment, _COPY_INFO)
            self._log("\nREMEMBER THIS QUESTION-ANSWER PAIR")
            self.memo_store.add_input_output_pair(question, answer)
            memo_added = True
        if memo_added:
            self.memo_store._save_memos()

    def _consider_memo_retrieval(self, comment: Union[Dict[str, Any], str]) -> str:
        """`comment` followed by the memories related to it (or to the task it asks for)."""
        self._log("\nLOOK FOR RELEVANT MEMOS, AS QUESTION-ANSWER PAIRS")
        memo_list = self._retrieve_relevant_memos(comment)  # type: ignore[arg-type]
        if "yes" in self._analyze(comment, _IS_TASK).lower():
            self._log("\nLOOK FOR RELEVANT MEMOS, AS TASK-ADVICE PAIRS")
            task = self._analyze(comment, _COPY_TASK)
            general_task = self._analyze(task, _GENERALIZE_TASK)
            memo_list.extend(self._retrieve_relevant_memos(general_task))
        memo_list = list(set(memo_list))
        return comment + self._concatenate_memo_texts(memo_list)  # type: ignore[operator]

    def _retrieve_relevant_memos(self, input_text: str) -> List[str]:
        """The outputs of the memos whose inputs are close to `input_text`."""
        store = self.memo_store
        found = store.get_related_memos(input_text, n_results=self.max_num_retrievals, threshold=self.recall_threshold)
        if not found and self.verbosity >= 1:  # type: ignore[operator]
            self._report_nearest(input_text)
        return [output for _input, output, _distance in found]

    def _report_nearest(self, input_text: str) -> None:
        self._log("\nTHE CLOSEST MEMO IS BEYOND THE THRESHOLD:")
        if self.memo_store.uid_text_dict:
            self.memo_store.get_nearest_memo(input_text)  # prints the memo at verbosity >= 1
        IOStream.get_default().print()

    def _concatenate_memo_texts(self, memo_list: List[str]) -> str:
        """The memories as a block appended to the user's message."""
        if not memo_list:
            return ""
        block = "\n# Memories that might help\n" + "".join(f"- {memo}\n" for memo in memo_list)
        if self.verbosity >= 1:  # type: ignore[operator]
            self._log(f"\nMEMOS APPENDED TO LAST MESSAGE...\n{block}\n")
        return "\n" + block

    def _analyze(
        self, text_to_analyze: Union[Dict[str, Any], str], analysis_instructions: Union[Dict[str, Any], str]
    ) -> str:
        """One question to the analyzer about one text (a fresh two-message chat); returns its answer."""
        analyzer: Any = self.analyzer
        asker: Any = self.teachable_agent
        analyzer.reset()
        quiet = self.verbosity < 2  # type: ignore[operator]
        for message, wants_reply in ((text_to_analyze, False), (analysis_instructions, True)):
            asker.send(recipient=analyzer, message=message, request_reply=wants_reply, silent=quiet)
        return asker.last_message(analyzer)["content"]

    def _log(self, text: str) -> None:
        if self.verbosity >= 1:  # type: ignore[operator]
            IOStream.get_default().print(colored(text, "light_yellow"))
