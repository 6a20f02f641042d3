"""Speaker-transition graph helpers."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from autogen import ConversableAgent
from autogen.graph_utils import (
    check_graph_validity,
    has_self_loops,
    invert_disallowed_to_allowed,
    visualize_speaker_transitions_dict,
)


def agents(*names: str) -> list:
    return [ConversableAgent(n, llm_config=False) for n in names]


def test_has_self_loops() -> None:
    a, b = agents("a", "b")
    assert not has_self_loops({a: [b], b: [a]})
    assert has_self_loops({a: [b, a], b: []})


def test_valid_graph_passes_quietly(caplog: pytest.LogCaptureFixture) -> None:
    a, b, c = agents("a", "b", "c")
    with caplog.at_level(logging.WARNING):
        check_graph_validity({a: [b], b: [c], c: [a]}, [a, b, c])
    assert caplog.text == ""


@pytest.mark.parametrize(
    "make_graph, message",
    [
        (lambda a, b: [a, b], "allowed_speaker_transitions_dict must be a dictionary."),
        (lambda a, b: {a: b}, "allowed_speaker_transitions_dict must be a dictionary with lists as values."),
        (lambda a, b: {"x": [a]}, "allowed_speaker_transitions_dict has keys not in agents."),
        (lambda a, b: {a: ["b"]}, "allowed_speaker_transitions_dict has values that are not lists of Agents."),
    ],
)
def test_invalid_graphs(make_graph: Any, message: str) -> None:
    a, b = agents("a", "b")
    with pytest.raises(ValueError) as info:
        check_graph_validity(make_graph(a, b), [a, b])
    assert str(info.value) == message


def test_isolated_agent_warns(caplog: pytest.LogCaptureFixture) -> None:
    a, b, c = agents("a", "b", "loner")
    with caplog.at_level(logging.WARNING):
        check_graph_validity({a: [b], b: [a]}, [a, b, c])
    assert caplog.messages[0] == (
        "Warning: There are isolated agent nodes, there are not incoming nor outgoing edges. Isolated agents: ['loner']"
    )


def test_agents_missing_from_graph_warn(caplog: pytest.LogCaptureFixture) -> None:
    a, b, c = agents("a", "b", "c")
    with caplog.at_level(logging.WARNING):
        check_graph_validity({a: [b], b: [a, c]}, [a, b])
    assert "do not match agents" in caplog.text and "'c'" in caplog.text


def test_duplicates_warn(caplog: pytest.LogCaptureFixture) -> None:
    a, b = agents("a", "bee")
    with caplog.at_level(logging.WARNING):
        check_graph_validity({a: [b, b], b: [a]}, [a, b])
    assert "bee" in caplog.text


def test_duplicates_warning_text(caplog: pytest.LogCaptureFixture) -> None:
    a, b = agents("a", "b")
    with caplog.at_level(logging.WARNING):
        check_graph_validity({a: [b, b], b: [a]}, [a, b])
    assert caplog.messages == ["Agent 'a' has duplicate elements: ['b']. Please remove duplicates manually."]


def test_invert_with_a_source_outside_agents_raises_key_error() -> None:
    a, b, outsider = agents("a", "b", "outsider")
    with pytest.raises(KeyError):
        invert_disallowed_to_allowed({outsider: [a]}, [a, b])


def test_invert_disallowed_to_allowed() -> None:
    a, b, c = agents("a", "b", "c")
    allowed = invert_disallowed_to_allowed({a: [b], c: [a, c]}, [a, b, c])
    assert allowed == {a: [a, c], b: [a, b, c], c: [b]}


def test_visualize_saves_a_picture(tmp_path: Path) -> None:
    pytest.importorskip("networkx")
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    a, b = agents("a", "b")
    target = tmp_path / "graph.png"
    visualize_speaker_transitions_dict({a: [b], b: [a]}, [a, b], export_path=str(target))
    assert target.stat().st_size > 0


def test_visualize_without_graph_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    a, b = agents("a", "b")
    with pytest.raises(ImportError):
        visualize_speaker_transitions_dict({a: [b]}, [a, b])


def test_visualize_without_graph_extra_logs_fatal(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    a, b = agents("a", "b")
    with caplog.at_level(logging.CRITICAL), pytest.raises(ImportError):
        visualize_speaker_transitions_dict({a: [b]}, [a, b])
    assert caplog.messages == ["Failed to import networkx or matplotlib. Try running 'pip install autogen[graphs]'"]


def test_importing_graph_utils_does_not_import_networkx() -> None:
    import subprocess

    code = "import autogen.graph_utils, sys; print('networkx' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
