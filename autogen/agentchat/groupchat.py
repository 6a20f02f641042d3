"""Group chat: several agents talk in turns chosen by a speaker-selection policy (early draft)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class GroupChat:
    """Shared state of a group conversation (draft placeholder, being implemented)."""

    agents: list[Any]
    messages: list[dict] = field(default_factory=list)
    max_round: int = 10


class GroupChatManager:
    """Agent that runs a GroupChat (draft placeholder, being implemented)."""

    def __init__(self, groupchat: GroupChat, *args: Any, **kwargs: Any) -> None:
        self._groupchat = groupchat

    @property
    def groupchat(self) -> GroupChat:
        return self._groupchat
