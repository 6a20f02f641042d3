"""MultimodalConversableAgent: a ConversableAgent whose messages may carry images (vision models).

Text with `<img LOCATION>` tags is stored as a list of text and image parts holding PIL images; they are
turned into data URIs only when a request goes to the model.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Tuple, Union

from ...code_utils import content_str
from ...io.base import IOStream
from .._llm import request_messages
from ..agent import Agent
from ..conversable_agent import ConversableAgent
from .img_utils import gpt4v_formatter, message_formatter_pil_to_b64

__all__ = ("MultimodalConversableAgent", "DEFAULT_LMM_SYS_MSG", "DEFAULT_MODEL")

DEFAULT_LMM_SYS_MSG = "You are a helpful AI assistant."
DEFAULT_MODEL = "gpt-4-vision-preview"


def _is_terminate_content(message: Dict[str, Any]) -> bool:
    return content_str(message.get("content")) == "TERMINATE"


def _as_parts(content: Union[str, List[Any]]) -> List[Any]:
    """Text becomes content parts (its `<img>` tags loaded as PIL images); a part list is kept as it is."""
    return gpt4v_formatter(content, img_format="pil") if isinstance(content, str) else content


def _check_renderable(content: Any) -> None:
    """Fail early (with a hint) on content that the rest of the framework could not turn into text."""
    try:
        content_str(content)
    except (TypeError, ValueError):
        IOStream.get_default().print("The `content` field should be compatible with the content_str function!")
        raise


def _plain(reply: Any) -> Any:
    """A model reply as text, or (for tool calls and the like) as a plain dict."""
    if isinstance(reply, str) or not hasattr(reply, "model_dump"):
        return reply
    return reply.model_dump()


class MultimodalConversableAgent(ConversableAgent):
    """A conversable agent for large multimodal models: images travel inside messages as content parts."""

    DEFAULT_CONFIG = {"model": DEFAULT_MODEL}

    def __init__(
        self,
        name: str,
        system_message: Optional[Union[str, List[Any]]] = DEFAULT_LMM_SYS_MSG,
        is_termination_msg: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, system_message, is_termination_msg, *args, **kwargs)
        self.update_system_message(system_message)  # type: ignore[arg-type]
        self._is_termination_msg = is_termination_msg if is_termination_msg is not None else _is_terminate_content
        self.replace_reply_func(ConversableAgent.generate_oai_reply, MultimodalConversableAgent.generate_oai_reply)

    def update_system_message(  # type: ignore[override]
        self, system_message: Union[Dict[str, Any], List[Any], str]
    ) -> None:
        """Set the system message; text with `<img>` tags becomes a list of parts (so `system_message` is a list)."""
        self._oai_system_message[0]["content"] = self._message_to_dict(system_message)["content"]
        self._oai_system_message[0]["role"] = "system"

    @staticmethod
    def _message_to_dict(message: Union[Dict[str, Any], List[Any], str]) -> Dict[str, Any]:
        """A message as a dict whose text content is a list of parts, images as PIL objects."""
        if isinstance(message, (str, list)):
            return {"content": _as_parts(message)}
        if not isinstance(message, dict):
            raise ValueError(f"Unsupported message type: {type(message)}")
        assert "content" in message, "The message dict must have a `content` field"
        if isinstance(message["content"], str):
            message = {**copy.deepcopy(message), "content": _as_parts(message["content"])}
        _check_renderable(message["content"])
        return message

    def _append_oai_message(
        self, message: Union[Dict[str, Any], str], role: str, conversation_id: Agent, is_sending: bool
    ) -> bool:
        # the core stores messages through its own normaliser; convert first so images are kept as parts
        return super()._append_oai_message(self._message_to_dict(message), role, conversation_id, is_sending)

    def _print_received_message(self, message: Union[Dict[str, Any], str], sender: Agent) -> None:
        # shown as this agent reads it: `<img ...>` tags are loaded images, printed as "<image>"
        super()._print_received_message(self._message_to_dict(message), sender)

    def generate_oai_reply(  # type: ignore[override]
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """Ask the model, with PIL images in the history sent as data URIs."""
        client = self.client if config is None else config
        if client is None:
            return False, None
        history = self._oai_messages[sender] if messages is None else messages
        # tool-response bundles are unrolled as the core does; PIL images become data URIs
        outgoing = message_formatter_pil_to_b64(request_messages(self._oai_system_message + history))
        context = history[-1].pop("context", None) if history else None
        response = client.create(context=context, messages=outgoing, agent=self)
        return True, _plain(client.extract_text_or_completion_object(response)[0])
