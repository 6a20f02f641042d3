"""Criterion: JSON parsing and writing (with nested sub-criteria)."""

from __future__ import annotations

import json
from pathlib import Path

from autogen.agentchat.contrib.agent_eval.criterion import Criterion

SAMPLE = [
    {"name": "Problem Interpretation", "description": "Understands the problem.", "accepted_values": list("abcde")},
    {"name": "Accuracy", "description": "Gets it right.", "accepted_values": ["yes", "no"]},
]


def test_parse_sample_file(tmp_path: Path) -> None:
    path = tmp_path / "criteria.json"
    path.write_text(json.dumps(SAMPLE))
    criteria = Criterion.parse_json_str(path.read_text())
    assert len(criteria) == 2
    assert criteria[0].name == "Problem Interpretation"
    assert len(criteria[0].accepted_values) == 5
    assert criteria[0].sub_criteria == []


def test_write_json_is_indented_with_empty_sub_criteria() -> None:
    criterion = Criterion(name="Accuracy", description="Gets it right.", accepted_values=["yes", "no"])
    assert Criterion.write_json([criterion]) == (
        "[\n"
        "  {\n"
        '    "name": "Accuracy",\n'
        '    "description": "Gets it right.",\n'
        '    "accepted_values": [\n'
        '      "yes",\n'
        '      "no"\n'
        "    ],\n"
        '    "sub_criteria": []\n'
        "  }\n"
        "]"
    )


def test_write_then_parse_round_trip_with_sub_criteria() -> None:
    child = Criterion(name="Units", description="Uses units.", accepted_values=["ok", "bad"])
    criteria = [Criterion(name="Style", description="Reads well.", accepted_values=["1", "2"], sub_criteria=[child])]
    assert Criterion.parse_json_str(Criterion.write_json(criteria)) == criteria
