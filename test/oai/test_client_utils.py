"""validate_parameter and should_hide_tools."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from autogen.oai.client_utils import logger_formatter, should_hide_tools, validate_parameter


def _v(
    params: Dict[str, Any],
    types: Any = (int,),
    allow_none: bool = False,
    default: Any = 512,
    bound: Any = None,
    allowed: Any = None,
) -> Any:
    return validate_parameter(params, "p", types, allow_none, default, bound, allowed)


@pytest.mark.parametrize(
    "value,types,bound",
    [
        (1024, (int,), (0, None)),
        (0.5, (float,), (0, 1)),
        (3, (int, float), (-2, None)),
        ("text", (str,), None),
        (True, (bool,), None),
    ],
)
def test_valid_values_are_returned(value: Any, types: Any, bound: Any) -> None:
    assert _v({"p": value}, types, bound=bound) == value


def test_none_allowed_and_not_allowed() -> None:
    assert _v({"p": None}, allow_none=True) is None
    with pytest.warns(UserWarning, match="Config error - p"):
        assert _v({"p": None}) == 512


@pytest.mark.parametrize("value,types", [("1024", (int,)), ("0.5", (float,)), ("Yes", (bool,)), (False, (str,))])
def test_wrong_types_give_default(value: Any, types: Any) -> None:
    with pytest.warns(UserWarning):
        assert _v({"p": value}, types, default="D") == "D"


@pytest.mark.parametrize("value,bound", [(-200, (0, None)), (5, (-2, 2)), (-5, (-2, 2)), (-0.5, (0, 1)), (23, (0, 1))])
def test_out_of_bounds_give_default(value: Any, bound: Any) -> None:
    with pytest.warns(UserWarning, match="has numerical bounds"):
        assert _v({"p": value}, (int, float), bound=bound, default=0) == 0


def test_allowed_values() -> None:
    assert _v({"p": "a"}, (str,), allowed=["a", "b"], default="b") == "a"
    with pytest.warns(UserWarning):
        assert _v({"p": True}, (bool,), allowed=[False], default=False) is False


@pytest.mark.parametrize(
    "params,types,allow_none,bound,allowed,reason",
    [
        ({"p": None}, int, False, None, None, "cannot be None"),
        ({"p": "x"}, (int, float), True, None, None, "must be of type (int, float) or None"),
        ({"p": "x"}, int, False, None, None, "must be of type int"),
        ({"p": 9}, int, True, (0, 2), None, "has numerical bounds, >= 0 and <= 2, or can be None"),
        ({"p": -9}, int, False, (0, None), None, "has numerical bounds, >= 0"),
        ({"p": 9}, int, False, (None, 2), None, "has numerical bounds <= 2"),
        ({"p": 3}, int, True, None, [1, 2], "must be one of these values [[1, 2]], or can be None"),
    ],
)
def test_warning_text_names_the_problem_as_0_2_does(params, types, allow_none, bound, allowed, reason) -> None:
    with pytest.warns(UserWarning) as record:
        validate_parameter(params, "p", types, allow_none, 7, bound, allowed)
    assert [str(w.message) for w in record] == [f"Config error - p {reason}, defaulting to 7."]


def test_allowed_values_must_be_a_list() -> None:
    with pytest.raises(TypeError):
        _v({"p": 1}, allowed="not_a_list")


def test_missing_param_gives_default() -> None:
    assert _v({}, default=512) == 512


TOOLS: List[Dict[str, Any]] = [
    {"type": "function", "function": {"name": "f1"}},
    {"type": "function", "function": {"name": "f2"}},
]


def _history(*names: str) -> List[Dict[str, Any]]:
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "go"}]
    for i, name in enumerate(names):
        messages.append({"role": "assistant", "tool_calls": [{"id": f"c{i}", "function": {"name": name}}]})
        messages.append({"role": "tool", "tool_call_id": f"c{i}", "content": "done"})
    return messages


def test_no_tools_never_hidden() -> None:
    for mode in ("if_all_run", "if_any_run", "never"):
        assert should_hide_tools(_history("f1"), None, mode) is False
        assert should_hide_tools(_history("f1"), [], mode) is False


def test_hide_modes() -> None:
    assert should_hide_tools(_history("f1", "f2"), TOOLS, "never") is False
    assert should_hide_tools(_history("f1", "f2"), TOOLS, "if_all_run") is True
    assert should_hide_tools(_history("f1", "f2"), TOOLS, "if_any_run") is True
    assert should_hide_tools(_history(), TOOLS, "if_all_run") is False
    assert should_hide_tools(_history(), TOOLS, "if_any_run") is False
    assert should_hide_tools(_history("f1"), TOOLS, "if_all_run") is False
    assert should_hide_tools(_history("f1"), TOOLS, "if_any_run") is True


def test_invalid_hide_mode() -> None:
    with pytest.raises(TypeError):
        should_hide_tools(_history("f1"), TOOLS, "sometimes")


def test_logger_formatter_format() -> None:
    assert logger_formatter._fmt == "[%(name)s: %(asctime)s] {%(lineno)d} %(levelname)s - %(message)s"
    assert logger_formatter.datefmt == "%m-%d %H:%M:%S"
