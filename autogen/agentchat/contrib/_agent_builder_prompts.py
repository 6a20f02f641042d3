"""The prompts AgentBuilder sends to its builder model, and the texts it gives the agents it builds.

Placeholders (`{task}`, `{max_agents}`, ...) are part of the API: users override these class attributes.
"""

from __future__ import annotations

__all__ = (
    "AGENT_NAME_PROMPT",
    "AGENT_SYS_MSG_PROMPT",
    "DEFAULT_DESCRIPTION",
    "AGENT_DESCRIPTION_PROMPT",
    "CODING_PROMPT",
    "AGENT_SEARCHING_PROMPT",
    "AGENT_SELECTION_PROMPT",
    "AGENT_FUNCTION_MAP_PROMPT",
    "UPDATED_AGENT_SYSTEM_MESSAGE",
    "GROUP_CHAT_DESCRIPTION",
    "CODING_AND_TASK_SKILL_INSTRUCTION",
    "DEFAULT_PROXY_AUTO_REPLY",
)

AGENT_NAME_PROMPT = """# Assemble a team
Propose a team of at most {max_agents} experts for the task below, each bringing a different skill.

# Rules for the names
- No two experts may share a skill; between them they should cover what the task needs.
- Name every expert after its skill, in the form "<Skill>_Expert" (e.g. "Statistics_Expert", "SQL_Expert").
- Your whole answer is the list of names separated by commas, e.g.:
Statistics_Expert, SQL_Expert, Reviewer_Expert

# The task
{task}
"""

AGENT_SYS_MSG_PROMPT = """# Write a system message
The expert {position} is joining a team to work on this task:
{task}

Fill in the template below so that it becomes {position}'s system message:
1. Keep the template's sections and general instructions as they are; complete the parts in brackets.
2. Cover what {position} itself is responsible for and which of its skills the task needs; leave the other
   experts out.
3. Answer with the completed system message and nothing else.

# The template
{default_sys_msg}
"""

DEFAULT_DESCRIPTION = """## Who you are
[Your role, and the field you are an expert in.]

## What the task needs from you
- [What the task asks for, in detail.]
- [Which of your skills apply, and how you will use them.]
- [Optional: anything else worth knowing.]
"""

AGENT_DESCRIPTION_PROMPT = """# Describe an expert
Here is the system message of the expert {position}. In a single sentence, written in the third person,
say what this expert is good at. Answer with that sentence only.

# The system message
{sys_msg}
"""

CODING_PROMPT = """Would writing and running code (to compute, or to call some tool or API) make the task below easier to solve?

Task: {task}

Reply with exactly YES or NO, and nothing else.
"""

AGENT_SEARCHING_PROMPT = """# List the skills
Which skills would a team of experts need to solve the task below? Write one skill per line, and nothing else.

# The task
{task}
"""

AGENT_SELECTION_PROMPT = """# Staff the skills
For each skill below, pick the expert from the pool who fits it best.

# The skills
{skills}

# The pool (one expert per line, as "name: description")
{expert_pool}

# How to answer
- For every skill give either the fitting expert, copied exactly as its line in the pool reads ("name: description"),
  or "None" when no expert in the pool fits.
- Answer with one JSON object, skills as keys and experts as values, inside a ```json code block, e.g.:
```json
{{
    "skill_1": "name_1: description_1",
    "skill_2": "None"
}}
```
"""

AGENT_FUNCTION_MAP_PROMPT = """A function is to be handed to one of the agents below.

Function name: {function_name}
Function description: {function_description}

Each agent is listed as {format_agent_details}:
{agent_details}

Which agent is best placed to use it (one who can program, if possible)? Answer with that agent's name alone.
"""

UPDATED_AGENT_SYSTEM_MESSAGE = """{agent_system_message}

A function is available to you; call it whenever it helps with the task.
Function name: {function_name}
Function description: {function_description}
"""

GROUP_CHAT_DESCRIPTION = """# Working in the group
You are {name}, one of several experts talking in a group chat to get a task done.
Participants: {members}.{user_proxy_desc}
Contribute what your expertise allows: take up what the others said, answer them, and correct mistakes you notice.
Once the task is finished, checked, and the others agree, end the chat by replying with "TERMINATE" alone.

# Your profile
{sys_msg}
"""

CODING_AND_TASK_SKILL_INSTRUCTION = """## Working on the task
- Break the task into steps when that helps, and follow any plan you are given.
- Check every result, yours and the others', before you agree that the task is complete.
- If something fails, find out why, correct it, and try again.
- If the task turns out to be impossible, say so and give the reason.

## Running code
- Computer_terminal runs code for the group: write Python in a ```python block, or shell commands in a ```sh block.
- The code must run as it stands and print what you need to see; the terminal cannot answer questions or take input.
- To save a block as a file, make its first line "# filename: <name>".
- Base your next step on the terminal's actual output.
"""

DEFAULT_PROXY_AUTO_REPLY = (
    "I found no code to run in the last message. The group chat manager should give the floor to another "
    'participant; to finish, one of them should answer with "TERMINATE" alone.'
)
