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
    """Here is a math problem for you to solve; use Python wherever it helps.
"""
    + _PYTHON_RULES
    + """

Begin with the key idea, then pick one of three approaches:
1. Direct program: when one Python program can settle the whole problem (enumerating cases if need be), write it.
2. Pure reasoning: when the problem is mostly argument (a proof, say), reason it through without code.
3. Step by step: otherwise, go one step at a time. Reason where you can, and where a step needs computing,
   write a query (a Python block) and wait for its output before going on. Fix the query or your reasoning when
   an output looks wrong.

When you reach the final answer, put it in \\boxed{}.

Problem:
"""
)

_PYTHON = (
    """Here is a math problem for you to solve with the help of Python.
"""
    + _PYTHON_RULES
    + """

Reason step by step. Whenever a step needs computing, write Python code for it and wait for the output before
going on. When you reach the final answer, put it in \\boxed{}.

Problem: """
)

_TWO_TOOLS = (
    """Here is a math problem for you to solve. Two tools are at your disposal: Python, and the Wolfram Alpha engine.
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
    "Go on with your solution, and stop as soon as a step needs a computation to be run. "
    "Once you have the final answer, write it inside \\boxed{}."
)

SAME_REPLY_NOTE = "\nThat gives exactly the same query or result as before, so take a different route this time."

REVISIT_REPLY = (
    "Look again at the problem and at the reasoning behind this step. If the step holds up, work it out by hand "
    "and move on to the next one; if it does not, fix it."
)
