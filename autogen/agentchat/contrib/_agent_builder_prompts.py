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

AGENT_NAME_PROMPT = """# Your task
Suggest no more than {max_agents} experts with distinct skills who could work together on the task below.

# Task requirement
- The experts must be different from each other and together cover the task.
- Write each expert's name as "[skill]_Expert", for example "Python_Expert" or "Data_Analysis_Expert".
- Reply with the names only, separated by commas, with nothing before or after, for example:
Python_Expert, Math_Expert, Critic_Expert

# Task
{task}
"""

AGENT_SYS_MSG_PROMPT = """# Your goal
Adapt the template below into a system message for the expert named {position}, to help with this task:
{task}

# Requirements
1. Keep the template's structure; fill in the role and the skills this expert needs for the task.
2. Describe only what {position} does; don't mention the other experts.
3. Don't change the general instructions.
4. Reply with the finished system message only.

# Template
{default_sys_msg}
"""

DEFAULT_DESCRIPTION = """## Your role
[Fill in: your role and what you are expert in.]

## Task and skill instructions
- [Fill in: the task, in detail.]
- [Fill in: the skills you bring and how you will use them.]
- [Fill in: anything else that helps.]
"""

AGENT_DESCRIPTION_PROMPT = """# Your goal
Summarize in one sentence what the expert {position} does, based on its system message below.
Write it in the third person ("... is an expert who ..."). Reply with the sentence only.

# System message
{sys_msg}
"""

CODING_PROMPT = """Does the following task need programming (writing and running code) to be solved?

Task: {task}

Answer only YES or NO.
"""

AGENT_SEARCHING_PROMPT = """# Your goal
Given the task below, list the skills an expert team needs to solve it, one skill per line, nothing else.

# Task
{task}
"""

AGENT_SELECTION_PROMPT = """# Your goal
Match each skill to the expert in the pool who has it best.

# Skills
{skills}

# Expert pool (each line is "name: description")
{expert_pool}

# Requirements
- For each skill, give the matching expert exactly as written in the pool ("name: description"), or "None" when
  no expert fits.
- Reply with a JSON object whose keys are the skills and whose values are the experts, in one ```json code block,
  for example:
```json
{{
    "skill_1": "name_1: description_1",
    "skill_2": "None"
}}
```
"""

AGENT_FUNCTION_MAP_PROMPT = """Which agent should be given the function below?

Function name: {function_name}
Function description: {function_description}

The agents, formatted as {format_agent_details}:
{agent_details}

Reply with the name of the chosen agent only.
"""

UPDATED_AGENT_SYSTEM_MESSAGE = """{agent_system_message}

You have access to this function, and should call it when it helps with the task:
Function name: {function_name}
Function description: {function_description}
"""

GROUP_CHAT_DESCRIPTION = """# Group chat instruction
You are now working in a group chat with other experts to solve a task.
The members of the group are: {members}.{user_proxy_desc}
Take part by giving your own expertise; build on the others' contributions and point out mistakes.
When the task is done and the others agree, reply only with "TERMINATE".

# Your profile
{sys_msg}
"""

CODING_AND_TASK_SKILL_INSTRUCTION = """## Useful instructions for task-solving
- Solve the task step by step if you need to; when a plan is given, follow it.
- Check your results, and those of others, before agreeing that the task is done.
- When something goes wrong, find the cause, fix it, and try again.
- If the task cannot be solved, say so and explain why.

## How to use code
- Computer_terminal can run code for you: put Python in a ```python block or shell commands in a ```sh block.
- Give complete code that can run as it is, and have it print its results; the terminal cannot take input.
- To save code to a file, put "# filename: <name>" as the first line of the block.
- Wait for the terminal's output before relying on the result.
"""

DEFAULT_PROXY_AUTO_REPLY = (
    "The last message has no code for me to run. Group chat manager: let the other participants continue, or, "
    'to end the conversation, have one of them reply with only "TERMINATE".'
)
