"""GPTAssistantAgent: an agent backed by the OpenAI Assistants API (server-side threads, tools and files).

Each conversation partner gets its own assistant thread; new messages are posted to it and a run produces the
reply. Function tools requested by a run are executed locally (`function_map` / `register_function`).
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import time
from collections import defaultdict
from typing import Any, Dict, List, Optional, Tuple, Union

from ..._reexports import lazy_names
from ...io.base import IOStream
from ...oai.openai_utils import create_gpt_assistant, retrieve_assistants_by_name, update_gpt_assistant
from ...runtime_logging import log_new_agent, logging_enabled
from ..agent import Agent
from ..assistant_agent import AssistantAgent
from ..conversable_agent import ConversableAgent

__all__ = ("GPTAssistantAgent",)

logger = logging.getLogger(__name__)

_UNFINISHED_RUN_STATES = ("in_progress", "queued")

# Settings that belong to the assistant, not to the OpenAI client (accepted in llm_config for compatibility).
_ASSISTANT_CONFIG_KEYS = ("assistant_id", "tools", "file_ids", "tool_resources", "check_every_ms")
_FILE_TOOLS = ("retrieval", "file_search")


def _tool_type(tool_type: Optional[str]) -> Optional[str]:
    """v1's `retrieval` tool is v2's `file_search`."""
    return "file_search" if tool_type in _FILE_TOOLS else tool_type


class GPTAssistantAgent(ConversableAgent):
    """A ConversableAgent whose replies come from an OpenAI assistant (found by id or name, or created)."""

    DEFAULT_MODEL_NAME = "gpt-4-0125-preview"

    def __init__(
        self,
        name: str = "GPT Assistant",
        instructions: Optional[str] = None,
        llm_config: Optional[Union[Dict[str, Any], bool]] = None,
        assistant_config: Optional[Dict[str, Any]] = None,
        overwrite_instructions: bool = False,
        overwrite_tools: bool = False,
        **kwargs: Any,
    ) -> None:
        self._verbose = kwargs.pop("verbose", False)
        client_cfg, assistant_cfg = self._process_assistant_config(llm_config, assistant_config)
        super().__init__(
            name=name, system_message=instructions, human_input_mode="NEVER", llm_config=client_cfg, **kwargs
        )
        if logging_enabled():
            log_new_agent(self, locals())
        self._openai_client = self._make_openai_client(client_cfg, name)
        self._openai_assistant = self._resolve_assistant(
            name, instructions, assistant_cfg, overwrite_instructions, overwrite_tools
        )
        self.update_system_message(self._openai_assistant.instructions)
        self._openai_threads: Dict[Any, Any] = {}
        self._unread_index: Dict[Any, int] = defaultdict(int)
        self.register_reply([Agent, None], GPTAssistantAgent._invoke_assistant, position=2)

    # ------------------------------------------------------------------------------------------------- set-up
    def _make_openai_client(self, client_cfg: Dict[str, Any], name: str) -> Any:
        """The `openai` SDK client of the first config; the model is taken out (it belongs to the assistant)."""
        from ...oai.client import OpenAIWrapper  # noqa: PLC0415

        if client_cfg.get("config_list"):
            self._model_name = client_cfg["config_list"][0].pop("model", self.DEFAULT_MODEL_NAME)
        else:
            self._model_name = client_cfg.pop("model", self.DEFAULT_MODEL_NAME)
        logger.warning("OpenAI client config of GPTAssistantAgent(%s) - model: %s", name, self._model_name)
        wrapper = OpenAIWrapper(**client_cfg)
        if len(wrapper._clients) > 1:
            logger.warning("GPT Assistant only supports one OpenAI client. Using the first client in the list.")
        return wrapper._clients[0]._oai_client  # type: ignore[attr-defined]

    def _resolve_assistant(
        self,
        name: str,
        instructions: Optional[str],
        assistant_cfg: Dict[str, Any],
        overwrite_instructions: bool,
        overwrite_tools: bool,
    ) -> Any:
        assistant_id = assistant_cfg.get("assistant_id")
        if assistant_id is None:
            return self._find_or_create_assistant(name, instructions, assistant_cfg)
        assistant = self._openai_client.beta.assistants.retrieve(assistant_id)
        if instructions is None:
            logger.warning(
                "No instructions were provided for given assistant. Using existing instructions from assistant API."
            )
        elif overwrite_instructions:
            logger.warning("overwrite_instructions is True: the assistant's instructions are updated in the API.")
            assistant = update_gpt_assistant(self._openai_client, assistant_id, {"instructions": instructions})
        else:
            logger.warning("overwrite_instructions is False: the given instructions are used without changing the API.")
        tools = assistant_cfg.get("tools")
        if tools is None:
            if assistant.tools:
                logger.warning("No tools were provided for given assistant. Using existing tools from assistant API.")
        elif overwrite_tools:
            logger.warning("overwrite_tools is True: the assistant's tools are updated in the API.")
            update = {"tools": tools, "tool_resources": assistant_cfg.get("tool_resources")}
            assistant = update_gpt_assistant(self._openai_client, assistant_id, update)
        else:
            logger.warning("overwrite_tools is False. Using existing tools from assistant API.")
        return assistant

    def _find_or_create_assistant(self, name: str, instructions: Optional[str], assistant_cfg: Dict[str, Any]) -> Any:
        """An assistant with this name, instructions and tools, reused if one exists."""
        candidates = retrieve_assistants_by_name(self._openai_client, name)
        if candidates:
            candidates = self.find_matching_assistant(candidates, instructions, assistant_cfg.get("tools", []))
        if candidates:
            logger.warning("Matching assistant found, using the first matching assistant: %s", candidates[0].id)
            return candidates[0]
        logger.warning("No matching assistant found, creating a new assistant")
        if instructions is None:
            logger.warning(
                "No instructions were provided for new assistant. Using AssistantAgent.DEFAULT_SYSTEM_MESSAGE."
            )
            instructions = AssistantAgent.DEFAULT_SYSTEM_MESSAGE
        return create_gpt_assistant(
            self._openai_client,
            name=name,
            instructions=instructions,
            model=self._model_name,
            assistant_config=assistant_cfg,
        )

    @staticmethod
    def _process_assistant_config(
        llm_config: Optional[Union[Dict[str, Any], bool]], assistant_config: Optional[Dict[str, Any]]
    ) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Split settings into the OpenAI client's and the assistant's (assistant keys may be in llm_config)."""
        if llm_config is False:
            raise ValueError("llm_config=False is not supported for GPTAssistantAgent.")
        client_cfg: Dict[str, Any] = {} if llm_config is None else copy.deepcopy(llm_config)  # type: ignore[arg-type]
        assistant_cfg: Dict[str, Any] = copy.deepcopy(assistant_config) if assistant_config else {}
        for key in _ASSISTANT_CONFIG_KEYS:
            if client_cfg.get(key) is not None and assistant_cfg.get(key) is None:
                assistant_cfg[key] = client_cfg[key]
            client_cfg.pop(key, None)
        return client_cfg, assistant_cfg

    def find_matching_assistant(
        self, candidate_assistants: List[Any], instructions: Optional[str], tools: List[Dict[str, Any]]
    ) -> List[Any]:
        """The candidates with these instructions (if given) and the same tool types and function names."""
        wanted_types = {_tool_type(tool.get("type")) for tool in tools}
        wanted_functions = {
            tool.get("function", {}).get("name")
            for tool in tools
            if tool.get("type") not in ("code_interpreter",) + _FILE_TOOLS
        }
        matching = []
        for assistant in candidate_assistants:
            if instructions and instructions != getattr(assistant, "instructions", None):
                logger.warning("instructions do not match, skip assistant(%s)", assistant.id)
                continue
            types = {_tool_type(tool.type) for tool in assistant.tools}
            functions = {tool.function.name for tool in assistant.tools if hasattr(tool, "function")}
            if types != wanted_types or functions != wanted_functions:
                logger.warning("tools do not match, skip assistant(%s): %s, %s", assistant.id, types, functions)
                continue
            matching.append(assistant)
        return matching

    # --------------------------------------------------------------------------------------------- replying
    def _invoke_assistant(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """Post the messages not yet sent to this partner's thread, run the assistant, and answer with its output."""
        history = self._oai_messages[sender] if messages is None else messages  # type: ignore[index]
        thread = self._thread_for(sender)
        self._post_to_thread(thread, history[self._unread_index[sender] or 0 :])
        run = self._openai_client.beta.threads.runs.create(
            thread_id=thread.id, assistant_id=self._openai_assistant.id, instructions=self.system_message
        )
        outputs = self._get_run_response(thread, run)
        assert len(outputs) > 0, "No response from the assistant."
        self._unread_index[sender] = len(self._oai_messages[sender]) + 1  # type: ignore[index]
        joined = "\n\n".join(output["content"] for output in outputs)
        return True, {"role": outputs[-1]["role"], "content": joined}

    def _thread_for(self, sender: Optional[Agent]) -> Any:
        """The assistant thread of the conversation with `sender` (created on first use)."""
        thread = self._openai_threads.get(sender)
        if thread is None:
            thread = self._openai_threads[sender] = self._openai_client.beta.threads.create(messages=[])
        return thread

    def _post_to_thread(self, thread: Any, messages: List[Dict[str, Any]]) -> None:
        """Add messages to the thread (blank ones are skipped: the API rejects them)."""
        for message in messages:
            if not message["content"].strip():
                continue
            role = self._map_role_for_api(message["role"])
            self._openai_client.beta.threads.messages.create(thread_id=thread.id, content=message["content"], role=role)

    def _map_role_for_api(self, role: str) -> str:  # an instance method, as in 0.2
        """Thread messages may only be user or assistant (and system): tool and function results count as assistant."""
        return role if role in ("system", "user", "assistant") else "assistant"

    def _get_run_response(self, thread: Any, run: Any) -> List[Dict[str, Any]]:
        """Drive `run` to completion (executing requested functions); the run's new messages."""
        while True:
            run = self._wait_for_run(run.id, thread.id)
            if run.status == "completed":
                return self._run_messages(thread, run)
            if run.status == "requires_action":
                run = self._submit_tool_outputs(thread, run)
                continue
            run_info = json.dumps(run.model_dump(), indent=2)
            raise ValueError(f"Unexpected run status: {run.status}. Full run info:\n\n{run_info})")

    def _run_messages(self, thread: Any, run: Any) -> List[Dict[str, Any]]:
        found = []
        for message in self._openai_client.beta.threads.messages.list(thread.id, order="asc"):
            if message.run_id != run.id:
                continue
            for content in message.content:
                if content.type == "text":
                    found.append({"role": message.role, "content": self._format_assistant_message(content.text)})
                elif content.type == "image_file":
                    found.append({"role": message.role, "content": f"Received file id={content.image_file.file_id}"})
        return found

    def _submit_tool_outputs(self, thread: Any, run: Any) -> Any:
        outputs = []
        for tool_call in run.required_action.submit_tool_outputs.tool_calls:
            ok, result = self.execute_function(tool_call.function.model_dump(), self._verbose)
            logger.info("Intermediate executing(%s, Success: %s) : %s", result.get("name"), ok, result["content"])
            outputs.append({"output": result["content"], "tool_call_id": tool_call.id})
        return self._openai_client.beta.threads.runs.submit_tool_outputs(
            run_id=run.id, thread_id=thread.id, tool_outputs=outputs
        )

    def _wait_for_run(self, run_id: str, thread_id: str) -> Any:
        """Poll until the run leaves `queued`/`in_progress`."""
        # 0.2 reads the interval from llm_config, from which it was moved out: effectively always 1 s
        interval = self.llm_config.get("check_every_ms", 1000) / 1000  # type: ignore[union-attr]
        poll = functools.partial(self._openai_client.beta.threads.runs.retrieve, run_id, thread_id=thread_id)
        run = poll()
        while run.status in _UNFINISHED_RUN_STATES:
            time.sleep(interval)
            run = poll()
        return run

    def _format_assistant_message(self, message_content: Any) -> str:
        """The text with annotations replaced by ` [i]` markers and a citation list after it."""
        text = message_content.value
        citations: List[str] = []
        for index, annotation in enumerate(message_content.annotations):
            text = text.replace(annotation.text, f" [{index}]")
            citation = self._citation(index, annotation)
            if citation is not None:
                citations.append(citation)
        message_content.value = text + "\n" + "\n".join(citations)
        return message_content.value

    def _citation(self, index: int, annotation: Any) -> Optional[str]:
        """The citation line for a file annotation (a quoted file, or a file to download); None if unavailable."""
        cited = getattr(annotation, "file_citation", None)
        downloadable = getattr(annotation, "file_path", None)
        source = cited if cited is not None else downloadable
        if source is None:
            return None
        try:
            filename = self._openai_client.files.retrieve(source.file_id).filename
        except Exception as e:
            logger.error(f"Error retrieving file citation: {e}")
            return None
        if cited is not None:
            return f"[{index}] {filename}: {getattr(cited, 'quote', '')}"
        return f"[{index}] Click <here> to download {filename}"

    # ------------------------------------------------------------------------------------------------- state
    def can_execute_function(self, name: Union[List[str], str]) -> bool:
        """Functions run only when the assistant asks for them, never from received messages."""
        return False

    def reset(self) -> None:
        """Forget everything, deleting every assistant thread."""
        super().reset()
        for thread in self._openai_threads.values():
            self._openai_client.beta.threads.delete(thread.id)
        self._openai_threads = {}
        self._unread_index = defaultdict(int)

    def clear_history(self, agent: Optional[Agent] = None, nr_messages_to_preserve: Optional[int] = None) -> None:
        """Clear the history with `agent` (or all) and delete that partner's assistant thread."""
        super().clear_history(agent, nr_messages_to_preserve)
        thread = self._openai_threads.get(agent)
        if thread is not None:
            self._delete_thread_with(agent, thread)

    def _delete_thread_with(self, agent: Optional[Agent], thread: Any) -> None:
        logger.info("Clearing thread %s", thread.id)
        self._openai_client.beta.threads.delete(thread.id)
        del self._openai_threads[agent]
        self._unread_index[agent] = 0

    def pretty_print_thread(self, thread: Any) -> None:
        """Print a thread's messages."""
        iostream = IOStream.get_default()
        iostream.print("================================")
        iostream.print("Thread:", thread.id)
        for message in self._openai_client.beta.threads.messages.list(thread.id, order="asc"):
            content_types = [content.type for content in message.content]
            iostream.print(f"Role: {message.role}, Content Types: {content_types}")
            for content in message.content:
                if content.type == "text":
                    iostream.print(content.text.value)
        iostream.print("================================")

    @property
    def oai_threads(self) -> Dict[Any, Any]:
        return self._openai_threads

    @property
    def assistant_id(self) -> str:
        return self._openai_assistant.id

    @property
    def openai_client(self) -> Any:
        return self._openai_client

    @property
    def openai_assistant(self) -> Any:
        return self._openai_assistant

    def get_assistant_instructions(self) -> str:
        """The assistant's instructions as stored in the API object."""
        return self._openai_assistant.instructions

    def delete_assistant(self) -> None:
        """Delete the assistant in the API (permanently)."""
        logger.warning("Permanently deleting assistant...")
        self._openai_client.beta.assistants.delete(self.assistant_id)


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
