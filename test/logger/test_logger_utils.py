"""logger_utils: timestamps and to_dict."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from autogen.logger.logger_utils import get_current_ts, to_dict


class Marker:
    """Stands in for an agent: instances are summarised with str() when listed in no_recursive."""

    def __str__(self) -> str:
        return "<Marker object>"


class Inner:
    def __init__(self) -> None:
        self.key_1 = "dropped"
        self.value = [1, (2, 3)]
        self.marker = Marker()


class Outer:
    def __init__(self) -> None:
        self.name = "outer"
        self.inner = Inner()
        self.mapping = {"extra_key": "dropped", 7: {"key_1": "dropped", "kept": None}}
        self.test_function = lambda x, y: x + y
        self.markers = [Marker(), Marker()]


def test_get_current_ts_is_utc_with_microseconds() -> None:
    ts = get_current_ts()
    parsed = datetime.datetime.strptime(ts, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    assert abs((datetime.datetime.now(datetime.timezone.utc) - parsed).total_seconds()) < 3600


def test_scalars_are_returned_unchanged() -> None:
    for value in (1, 2.5, "text", True, None):
        assert to_dict(value) == value


def test_dict_keys_become_strings() -> None:
    assert to_dict({1: "a", "b": {2: 3}}) == {"1": "a", "b": {"2": 3}}


def test_tuples_become_lists() -> None:
    assert to_dict((1, (2, [3]))) == [1, [2, [3]]]


def test_objects_become_dicts_with_exclusions_at_every_depth() -> None:
    result = to_dict(Outer(), exclude=("key_1", "extra_key"), no_recursive=(Marker,))
    assert result["name"] == "outer"
    assert result["inner"] == {"value": [1, [2, 3]], "marker": "<Marker object>"}
    assert result["mapping"] == {"7": {"kept": None}}
    assert result["markers"] == ["<Marker object>", "<Marker object>"]


def test_lambda_becomes_its_source_line() -> None:
    result = to_dict(Outer())
    assert result["test_function"] == "self.test_function = lambda x, y: x + y"


def test_single_type_is_accepted_as_no_recursive() -> None:
    assert to_dict({"m": Marker()}, no_recursive=(Marker)) == {"m": "<Marker object>"}


def test_function_becomes_its_source() -> None:
    def add(a: int, b: int) -> int:
        return a + b

    assert to_dict({"f": add})["f"].startswith("def add(a: int, b: int) -> int:")


def test_callable_without_source_becomes_its_str() -> None:
    partial = functools.partial(int, base=2)
    assert to_dict({"p": partial, "b": len}) == {"p": str(partial), "b": str(len)}


def test_cycles_are_summarised_not_followed() -> None:
    a: Any = {"name": "a"}
    a["self_ref"] = a
    result = to_dict(a)
    assert result["name"] == "a"
    assert isinstance(result["self_ref"], str)
