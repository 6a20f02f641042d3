"""The openai<1 era LLM helpers of `autogen.code_utils` (generate, improve, implement and evaluate functions).

They go through the legacy `autogen.oai.Completion` class exactly as 0.2 does, so under openai>=1 they raise the
same AssertionError that class raises. Re-exported from `autogen.code_utils`; nothing here is imported by
`import autogen`.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple, Union

__all__ = (
    "generate_code",
    "improve_function",
    "improve_code",
    "generate_assertions",
    "eval_function_completions",
    "implement",
    "PassAssertionFilter",
)

_DEFAULT_MODEL = "gpt-4"  # = autogen.code_utils.DEFAULT_MODEL (not imported: code_utils imports this module)
_FAST_MODEL = "gpt-3.5-turbo"  # = autogen.code_utils.FAST_MODEL
_CODE_BLOCK_PATTERN = r"```[ \t]*(\w+)?[ \t]*\r?\n(.*?)\r?\n[ \t]*```"

AssertionsArg = Optional[Union[str, Callable[[str], Tuple[str, float]]]]

_IMPROVE_FUNCTION_CONFIG: Dict[str, Any] = {
    "prompt": (
        "Rewrite the function '{func_name}' so that it meets this objective: '{objective}'.\n"
        "Here is the file that currently defines it:\n{file_string}"
    ),
    "model": _DEFAULT_MODEL,
    "request_timeout": 600,
}

_IMPROVE_CODE_CONFIG: Dict[str, Any] = {
    "prompt": (
        "Review the code in the files below and list suggestions that would help reach the objective "
        "'{objective}'{followup}.\n{code}\n"
    ),
    "model": _DEFAULT_MODEL,
    "request_timeout": 900,
}

_GENERATE_ASSERTIONS_CONFIG: Dict[str, Any] = {
    "prompt": (
        "Write one assertion, without a message, for each example given in the docstring of this function "
        "(as many assertions as there are examples).\n\nfunc signature:\n{definition}\nassertions:"
    ),
    "model": _FAST_MODEL,
    "max_tokens": 256,
    "stop": "\n\n",
}

_FUNC_COMPLETION_PROMPT = "# Python 3{definition}"
_FUNC_COMPLETION_STOP = ["\nclass", "\ndef", "\nif", "\nprint"]
_IMPLEMENT_CONFIGS: List[Dict[str, Any]] = [
    {"model": _FAST_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, "temperature": 0, "cache_seed": 0},
    {"model": _FAST_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, "stop": _FUNC_COMPLETION_STOP, "n": 7, "cache_seed": 0},
    {"model": _DEFAULT_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, "temperature": 0, "cache_seed": 1},
    {
        "model": _DEFAULT_MODEL,
        "prompt": _FUNC_COMPLETION_PROMPT,
        "stop": _FUNC_COMPLETION_STOP,
        "n": 2,
        "cache_seed": 2,
    },
    {
        "model": _DEFAULT_MODEL,
        "prompt": _FUNC_COMPLETION_PROMPT,
        "stop": _FUNC_COMPLETION_STOP,
        "n": 1,
        "cache_seed": 2,
    },
]


def _completion() -> Any:
    """The legacy Completion class (lazily: the oai layer loads the openai SDK)."""
    from autogen.oai import Completion  # noqa: PLC0415

    return Completion


def generate_code(pattern: str = _CODE_BLOCK_PATTERN, **config: Any) -> Tuple[List[Tuple[str, str]], float]:
    """(openai<1) Ask the model for code and return the code blocks found in its answer, with the cost."""
    from autogen.code_utils import extract_code  # noqa: PLC0415

    completion = _completion()
    response = completion.create(**config)
    return extract_code(completion.extract_text(response)[0], pattern), response["cost"]


def _ask(defaults: Dict[str, Any], overrides: Dict[str, Any], **context: str) -> Tuple[str, float]:
    """One legacy completion with the prompt's `context`: the first answer's text and the cost."""
    completion = _completion()
    response = completion.create(context, **{**defaults, **overrides})
    return completion.extract_text(response)[0], response["cost"]


def _read(path: str) -> str:
    with open(path) as f:
        return f.read()


def improve_function(file_name: str, func_name: str, objective: str, **config: Any) -> Tuple[str, float]:
    """(openai<1) Ask the model to improve one function of a file towards an objective."""
    source = _read(file_name)
    return _ask(_IMPROVE_FUNCTION_CONFIG, config, func_name=func_name, objective=objective, file_string=source)


def improve_code(files: List[str], objective: str, suggest_only: bool = True, **config: Any) -> Tuple[str, float]:
    """(openai<1) Ask for suggestions (or, with `suggest_only=False`, also improved code) for a set of files."""
    listing = "".join(f"{name}:\n{_read(name)}\n\n" for name in files)
    followup = "" if suggest_only else ", followed by the improved code"
    return _ask(_IMPROVE_CODE_CONFIG, config, objective=objective, code=listing, followup=followup)


def generate_assertions(definition: str, **config: Any) -> Tuple[str, float]:
    """(openai<1) Ask the model for assertions matching the examples in a function's docstring."""
    return _ask(_GENERATE_ASSERTIONS_CONFIG, config, definition=definition)


def _remove_check(response: str) -> str:
    """Drop a `def check(` test harness the model may have appended to its answer."""
    pos = response.find("def check(")
    return response if pos == -1 else response[:pos]


def _program(response: str, definition: str, tail: Optional[str]) -> str:
    """A runnable program: the completion (prefixed by the definition unless it is a whole `def`) plus `tail`."""
    body = response if response.startswith("def") else f"{definition}{response}"
    return f"{body}\n{tail}"


def _passes(code: str, timeout: Optional[float], use_docker: Optional[bool]) -> bool:
    from autogen.code_utils import execute_code  # noqa: PLC0415

    return execute_code(code, timeout=timeout, use_docker=use_docker)[0] == 0


def eval_function_completions(
    responses: List[str],
    definition: str,
    test: Optional[str] = None,
    entry_point: Optional[str] = None,
    assertions: AssertionsArg = None,
    timeout: Optional[float] = 3,
    use_docker: Optional[bool] = True,
) -> Dict[str, Any]:
    """(openai<1) Pick a completion that passes the assertions and/or check completions against a test."""
    n = len(responses)
    if assertions is None:
        successes = [
            _passes(_program(_remove_check(r), definition, f"{test}\ncheck({entry_point})"), timeout, use_docker)
            for r in responses
        ]
        return {"expected_success": 1 - pow(1 - sum(successes) / n, n), "success": any(successes)}
    if callable(assertions) and n > 1:
        assertions, gen_cost = assertions(definition)
    else:
        assertions, gen_cost = None, 0
    if n > 1 or test is None:
        for i in range(n):
            response = responses[i] = _remove_check(responses[i])
            succeed_assertions = _passes(_program(response, definition, assertions), timeout, use_docker)
            if succeed_assertions:
                break
    else:
        succeed_assertions = False
        i, response = 0, responses[0]
    result: Dict[str, Any] = {"index_selected": i, "succeed_assertions": succeed_assertions}
    if test is not None:
        result["success"] = _passes(
            _program(response, definition, f"{test}\ncheck({entry_point})"), timeout, use_docker
        )
    result.update({"gen_cost": gen_cost, "assertions": assertions})
    return result


class PassAssertionFilter:
    """A `filter_func` for `Completion.create` that accepts a response only when a completion passes assertions."""

    def __init__(self, assertions: AssertionsArg) -> None:
        self._assertions = assertions
        self.cost: float = 0
        self.metrics: Optional[Dict[str, Any]] = None
        self.responses: Optional[List[str]] = None

    def pass_assertions(self, context: Dict[str, Any], response: Any, **_: Any) -> bool:
        """(openai<1) Whether one of the response's completions passes the assertions."""
        candidates = _completion().extract_text(response)
        outcome = eval_function_completions(candidates, context["definition"], assertions=self._assertions)
        self._record(candidates, outcome)
        return outcome["succeed_assertions"]

    def _record(self, candidates: List[str], outcome: Dict[str, Any]) -> None:
        """Reuse the generated assertions for the next response; keep this one's cost, metrics and texts."""
        self._assertions = outcome["assertions"]
        self.cost += outcome["gen_cost"]
        self.metrics, self.responses = outcome, candidates


def implement(
    definition: str,
    configs: Optional[List[Dict[str, Any]]] = None,
    assertions: AssertionsArg = generate_assertions,
) -> Tuple[str, float, int]:
    """(openai<1) Implement a function from its definition, trying configs until a completion passes assertions.

    Returns the implementation, the total cost and the index of the config that produced it.
    """
    configs = configs or _IMPLEMENT_CONFIGS
    # Assertions are generated up front only when there are several configs to choose between.
    upfront_cost: float = 0
    if callable(assertions) and len(configs) > 1:
        assertions, upfront_cost = assertions(definition)
    judge = PassAssertionFilter(assertions)
    answer = _completion().create({"definition": definition}, config_list=configs, filter_func=judge.pass_assertions)
    chosen = judge.responses[judge.metrics["index_selected"]]
    return chosen, upfront_cost + judge.cost + answer["cost"], answer["config_id"]
