"""Exceptions raised by agents and group chats (names and default messages as in 0.2)."""

from typing import Any  # noqa: F401  (0.2 leaks `Any` through `from autogen import *`)


class AgentNameConflict(Exception):
    def __init__(self, msg: str = "Found multiple agents with the same name.", *args: Any, **kwargs: Any):
        super().__init__(msg, *args, **kwargs)


class _MessageError(Exception):
    """Base for the exceptions that keep their text on `.message`."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class NoEligibleSpeaker(_MessageError):
    """No agent may speak next (e.g. every candidate was filtered out)."""

    def __init__(self, message: str = "No eligible speakers."):
        super().__init__(message)


class SenderRequired(_MessageError):
    """A method that needs a sender was called without one."""

    def __init__(self, message: str = "Sender is required but not provided."):
        super().__init__(message)


class InvalidCarryOverType(_MessageError):
    """Carryover was neither a string nor a list of strings."""

    def __init__(
        self, message: str = "Carryover should be a string or a list of strings. Not adding carryover to the message."
    ):
        super().__init__(message)


class UndefinedNextAgent(_MessageError):
    """A transition named agents that are not in the group."""

    def __init__(self, message: str = "The provided agents list does not overlap with agents in the group."):
        super().__init__(message)
