"""RetrieveAssistantAgent (deprecated in 0.2): an AssistantAgent that ends RetrieveChat on a successful run."""

from __future__ import annotations

import warnings
from typing import Any, Dict, List, Optional, Tuple, Union

from ..agent import Agent
from ..assistant_agent import AssistantAgent

__all__ = ("RetrieveAssistantAgent",)


class RetrieveAssistantAgent(AssistantAgent):
    """An AssistantAgent that says TERMINATE after code ran successfully and echoes requests for more context.

    Deprecated: a plain AssistantAgent works with RetrieveUserProxyAgent.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            "The RetrieveAssistantAgent is deprecated. Please use the AssistantAgent instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(*args, **kwargs)
        self.register_reply(Agent, RetrieveAssistantAgent._generate_retrieve_assistant_reply)

    def _generate_retrieve_assistant_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        if messages is None:
            messages = self._oai_messages[sender]
        content = messages[-1].get("content") or ""
        if not isinstance(content, str):
            return False, None
        if "exitcode: 0 (execution succeeded)" in content:
            return True, "TERMINATE"
        if "UPDATE CONTEXT" in content[-20:].upper() or "UPDATE CONTEXT" in content[:20].upper():
            return True, "UPDATE CONTEXT"
        return False, None
