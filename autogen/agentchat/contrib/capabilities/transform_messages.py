"""TransformMessages: a capability that rewrites an agent's message list right before each LLM reply."""

from __future__ import annotations

import copy
from typing import Any, Dict, List

from autogen.formatting_utils import colored
from autogen.io.base import IOStream

from ...._reexports import lazy_names
from .transforms import MessageTransform

__all__ = ["TransformMessages"]


class TransformMessages:
    """Applies a chain of MessageTransform objects to the messages an agent is about to answer.

    The agent's stored history is not changed: the transforms work on a copy, and the system message
    is set aside so that no transform can drop or rewrite it.
    """

    def __init__(self, *, transforms: List[MessageTransform] = [], verbose: bool = True):  # noqa: B006
        self._transforms = transforms
        self._verbose = verbose

    def add_to_agent(self, agent: Any) -> None:
        """Hook the transforms into `agent`'s `process_all_messages_before_reply` step."""
        agent.register_hook(hookable_method="process_all_messages_before_reply", hook=self._transform_messages)

    def _transform_messages(self, messages: List[Dict]) -> List[Dict]:
        post = copy.deepcopy(messages)
        system_message = None
        if post[0]["role"] == "system":
            system_message = copy.deepcopy(post.pop(0))
        for transform in self._transforms:
            pre = copy.deepcopy(post) if self._verbose else post
            post = transform.apply_transform(pre)
            if self._verbose:
                logs, had_effect = transform.get_logs(pre, post)
                if had_effect:
                    IOStream.get_default().print(colored(logs, "yellow"))
        if system_message is not None:
            post.insert(0, system_message)
        return post


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
