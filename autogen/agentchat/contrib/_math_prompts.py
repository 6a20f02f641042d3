"""The problem-setting prompts of MathChat (MathUserProxyAgent), kept apart from the agent's logic."""

from __future__ import annotations

from typing import Dict

__all__ = ("PROMPTS", "DEFAULT_REPLY", "SAME_REPLY_NOTE", "REVISIT_REPLY")

_PYTHON_RULES = """Use Python to help you solve math problems, following these rules:
- Put every piece of code in a ```python code block; it will be run and its printed output sent back to you.
- Print every result you need to see: use `print` (and `sympy.pprint` for sympy expressions). Variables defined in
  earlier blocks are kept, so you can build on them.
- Keep exact values: use fractions and radicals (for example with sympy), never rounded decimals.
- You may use any package, sympy in particular."""

_DEFAULT = (
    """Let's solve a math problem together, using Python where it helps.
"""
    + _PYTHON_RULES
    + """

First decide how to approach the problem:
Case 1: if it can be solved with one Python program, write that program and solve it directly.
Case 2: if it is mostly reasoning (for example, it asks for a proof), solve it by reasoning yourself.
Case 3: otherwise, work step by step. At each step, either reason, or write Python code when a computation is
needed (a query). After each query, wait for its result before you go on; if a result is wrong, fix your query or
your reasoning.

When you reach the final answer, put it in \\boxed{}.

Problem:
"""
)

_PYTHON = (
    """Let's solve a math problem using Python.
"""
    + _PYTHON_RULES
    + """

Reason step by step. Whenever a step needs computing, write Python code for it and wait for the output before
going on. When you reach the final answer, put it in \\boxed{}.

Problem: """
)

_TWO_TOOLS = (
    """Let's solve a math problem. You have two tools: Python and the Wolfram Alpha engine.
"""
    + _PYTHON_RULES
    + """
- For a Wolfram Alpha query, put the query alone in a ```wolfram code block (one query per block); use it for
  equations, limits, integrals and other symbolic work.

Reason step by step. Whenever a step needs computing, write a python or wolfram block and wait for its result
before going on. When you reach the final answer, put it in \\boxed{}.

Problem: """
)

PROMPTS: Dict[str, str] = {"default": _DEFAULT, "python": _PYTHON, "two_tools": _TWO_TOOLS}

DEFAULT_REPLY = (
    "Continue. Keep solving the problem until you need to run a query. "
    "(When you reach the answer, put it in \\boxed{}.)"
)

SAME_REPLY_NOTE = "\nYour query or result is the same as the last one; please try a new approach."

REVISIT_REPLY = (
    "Please revisit the problem statement and your reasoning. If you are sure this step is correct, work it out "
    "yourself and go on to the next step; otherwise, correct this step."
)
