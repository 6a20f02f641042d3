"""Default texts of a group chat: the introduction and the prompts of "auto" speaker selection.

Placeholders (`{roles}`, `{agentlist}`) are filled with `str.format`; users may replace every template.
"""

from __future__ import annotations

DEFAULT_INTRO_MSG = (
    "Hi all. A team has been put together today to answer questions and work through tasks. Here with us are:"
)

SELECT_SPEAKER_MESSAGE_TEMPLATE = """You are taking part in a role-play game. These roles are available:
{roles}.
Read the conversation that follows, then choose the role that should speak next from {agentlist}. Return only the role."""

SELECT_SPEAKER_PROMPT_TEMPLATE = (
    "Read the conversation above, then choose the role that should speak next from {agentlist}. Return only the role."
)

_SELECTION_RULES = """To decide on the speaker, apply these rules in order of priority:
1. If the context has a speaker referring to itself (e.g. "As the ..."), choose that speaker's name.
2. If the context names the "next" speaker, choose that name.
3. Otherwise choose the first name that the context mentions.
Names are case-sensitive and must not be abbreviated or changed."""

SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE = (
    "Your answer contained more than one name; give only the name of the next speaker. "
    + _SELECTION_RULES
    + "\nReply with the name of the speaker and nothing else, with no reason."
)

SELECT_SPEAKER_AUTO_NONE_TEMPLATE = (
    "Your answer did not name a speaker. Reminder: "
    + _SELECTION_RULES
    + "\nThe only names you may give are: {agentlist}.\n"
    + "Reply with the name of the speaker and nothing else, with no reason."
)

# Markers the checking agent leaves in its history for the result of the internal selection chat.
SELECTED_MARKER = "[AGENT SELECTED]"
FAILED_MARKER = "[AGENT SELECTION FAILED]"
