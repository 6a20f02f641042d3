"""Checking answers to competition-style math problems: extract the ``\\boxed{...}`` answer from a solution,
normalise LaTeX the way the MATH benchmark (Hendrycks et al.) does, compare and vote.

Used by MathChat (``contrib.math_user_proxy_agent``) to detect a final answer, and by ``solve_problem``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "eval_math_responses",
    "get_answer",
    "is_equiv",
    "is_equiv_chain_of_thought",
    "last_boxed_only_string",
    "remove_boxed",
    "solve_problem",
    "voting_counts",
]

_BOXED_PREFIX = "\\boxed{"

_MATH_PROMPT = (
    "{problem} Work through the problem carefully and simplify your answer as far as possible. "
    "Put the final answer inside \\boxed{{}}."
)


def __getattr__(name: str) -> Any:
    # 0.2 exposes the default model here; it lives in code_utils, which is loaded only when asked for.
    if name == "DEFAULT_MODEL":
        from .code_utils import DEFAULT_MODEL

        return DEFAULT_MODEL
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def solve_problem(problem: str, **config: Any) -> Tuple[Optional[str], float]:
    """Ask the legacy ``autogen.Completion`` API to solve ``problem``; return (voted answer, cost).

    Needs openai<1: under openai>=1 ``Completion.create`` raises its deprecation error.
    """
    from . import oai
    from .code_utils import DEFAULT_MODEL

    request: Dict[str, Any] = {"model": DEFAULT_MODEL, "prompt": _MATH_PROMPT}
    request.update(config)  # the caller's settings win over the defaults
    completion = oai.Completion
    reply = completion.create({"problem": problem}, **request)
    spent = reply["cost"]
    candidates = completion.extract_text(reply)
    return eval_math_responses(candidates).get("voted_answer"), spent


# ---------------------------------------------------------------------------------------------------------------------
# Extracting the answer
# ---------------------------------------------------------------------------------------------------------------------


def remove_boxed(string: str) -> Optional[str]:
    """The content of ``\\boxed{...}`` when ``string`` is exactly one such box; otherwise None."""
    try:
        if string.startswith(_BOXED_PREFIX) and string[-1] == "}":
            return string[len(_BOXED_PREFIX) : -1]
    except (AttributeError, IndexError, TypeError):
        pass
    return None


def last_boxed_only_string(string: str) -> Optional[str]:
    """The last ``\\boxed...`` (or, failing that, ``\\fbox...``) of ``string`` up to its balancing brace.

    None when there is no box or its braces never balance.
    """
    start = string.rfind("\\boxed")
    if start < 0:
        start = string.rfind("\\fbox")
        if start < 0:
            return None
    depth = 0
    for pos in range(start, len(string)):
        char = string[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return string[start : pos + 1]
    return None


def get_answer(solution: Optional[str]) -> Optional[str]:
    """The content of the last ``\\boxed{}`` in ``solution``, or None."""
    if solution is None:
        return None
    last_boxed = last_boxed_only_string(solution)
    if last_boxed is None:
        return None
    return remove_boxed(last_boxed)


# ---------------------------------------------------------------------------------------------------------------------
# Normalising LaTeX answers (MATH benchmark conventions)
# ---------------------------------------------------------------------------------------------------------------------


def _fix_fracs(string: str) -> str:
    """Add the braces of ``\\frac12`` / ``\\frac1{2}`` shorthand: ``\\frac{1}{2}``, ``\\frac{1}{2}``."""
    head, *pieces = string.split("\\frac")
    out = [head]
    for piece in pieces:
        out.append("\\frac")
        if piece.startswith("{"):
            out.append(piece)
            continue
        if len(piece) < 2:
            return string  # cannot tell numerator from denominator: leave the input alone
        numerator, second, rest = piece[0], piece[1], piece[2:]
        if second == "{":
            out.append("{" + numerator + "}" + second + rest)
        else:
            out.append("{" + numerator + "}{" + second + "}" + rest)
    return "".join(out)


def _fix_a_slash_b(string: str) -> str:
    """Rewrite a plain integer ratio ``a/b`` as ``\\frac{a}{b}``; anything else is returned unchanged."""
    parts = string.split("/")
    if len(parts) != 2:
        return string
    try:
        numerator, denominator = int(parts[0]), int(parts[1])
    except ValueError:
        return string
    if string != f"{numerator}/{denominator}":
        return string
    return "\\frac{" + str(numerator) + "}{" + str(denominator) + "}"


def _remove_right_units(string: str) -> str:
    """Drop a trailing unit written as ``\\text{ unit}``.

    More than one such unit raises AssertionError (callers then fall back to comparing the raw strings).
    """
    if "\\text{ " not in string:
        return string
    splits = string.split("\\text{ ")
    if len(splits) != 2:
        raise AssertionError(f"Expected at most one unit in {string!r}")
    return splits[0]


def _fix_sqrt(string: str) -> str:
    """Add the braces of ``\\sqrt3`` shorthand: ``\\sqrt{3}``."""
    if "\\sqrt" not in string:
        return string
    head, *pieces = string.split("\\sqrt")
    out = [head]
    for piece in pieces:
        if piece and piece[0] != "{":
            out.append("\\sqrt{" + piece[0] + "}" + piece[1:])
        else:
            out.append("\\sqrt" + piece)
    return "".join(out)


# Plain substitutions applied, in this order, before units are removed.
_EARLY_REPLACEMENTS = (
    ("\n", ""),  # line breaks
    ("\\!", ""),  # negative thin spaces
    ("\\\\", "\\"),  # doubled backslashes
    ("tfrac", "frac"),
    ("dfrac", "frac"),
    ("\\left", ""),
    ("\\right", ""),
    ("^{\\circ}", ""),  # degrees
    ("^\\circ", ""),
    ("\\$", ""),  # dollar signs
)

# ... and after units are removed.
_LATE_REPLACEMENTS = (
    ("\\%", ""),  # percent signs
    (" .", " 0."),  # a bare leading decimal point gets its zero
    ("{.", "{0."),
)


def _strip_string(string: str) -> str:
    """Normalise a LaTeX answer so that equivalent spellings compare equal."""
    for old, new in _EARLY_REPLACEMENTS:
        string = string.replace(old, new)
    string = _remove_right_units(string)
    for old, new in _LATE_REPLACEMENTS:
        string = string.replace(old, new)
    if not string:
        return string
    if string[0] == ".":
        string = "0" + string
    # A short variable name on the left ("x = 5", "k=2") is not part of the answer.
    sides = string.split("=")
    if len(sides) == 2 and len(sides[0]) <= 2:
        string = sides[1]
    string = _fix_sqrt(string)
    string = string.replace(" ", "")
    string = _fix_fracs(string)
    if string == "0.5":
        string = "\\frac{1}{2}"
    return _fix_a_slash_b(string)


# ---------------------------------------------------------------------------------------------------------------------
# Comparing and voting
# ---------------------------------------------------------------------------------------------------------------------


def is_equiv(str1: Optional[str], str2: Optional[str]) -> float:
    """1.0 when two answers are equivalent after normalisation, else 0.0."""
    if str1 is None and str2 is None:
        from .io.base import IOStream

        IOStream.get_default().print("WARNING: Both None")
        return 1.0
    if str1 is None or str2 is None:
        return 0.0
    try:
        return float(_strip_string(str1) == _strip_string(str2))
    except Exception:
        return float(str1 == str2)


def is_equiv_chain_of_thought(str1: str, str2: str) -> float:
    """1.0 when the boxed answers of two solutions are equivalent, else 0.0."""
    return is_equiv(get_answer(str1), get_answer(str2))


def voting_counts(responses: List[str]) -> Dict[int, int]:
    """Votes per distinct boxed answer, keyed by the index of the first response giving it.

    Responses without a boxed answer do not vote.
    """
    votes: Dict[int, int] = {}
    for i, response in enumerate(responses):
        if get_answer(response) is None:
            continue
        group = next((j for j in votes if is_equiv_chain_of_thought(response, responses[j])), i)
        votes[group] = votes.get(group, 0) + 1
    return votes


def eval_math_responses(responses: List[str], solution: Optional[str] = None, **args: Any) -> Dict[str, Any]:
    """Score several responses to one problem against ``solution`` (a text with a boxed answer).

    Returns ``expected_success`` (chance that at least one of n samples succeeds, estimated from these n),
    ``success`` (any response is right), ``success_vote`` (the majority answer is right), ``voted_answer``
    (the full text of the first response with the majority answer) and ``votes`` (its vote count).
    """
    if not responses:
        return {"expected_success": 0, "success": False, "success_vote": 0, "voted_answer": None, "votes": 0}
    samples = len(responses)
    # Without a solution nothing is scored right (and no response is compared with the missing answer).
    right = 0 if solution is None else sum(is_equiv_chain_of_thought(text, solution) for text in responses)
    tally = voting_counts(responses)
    # The earliest answer among those with most votes; response 0 (with 0 votes) when nothing was boxed.
    leader = max(tally, key=tally.__getitem__, default=0)
    chosen = responses[leader]
    return {
        "expected_success": 1 - (1 - right / samples) ** samples,
        "success": right > 0,
        "success_vote": is_equiv_chain_of_thought(chosen, solution),
        "voted_answer": chosen,
        "votes": tally.get(leader, 0),
    }
