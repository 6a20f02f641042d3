"""Criterion: one dimension along which AgentEval judges a task's outcome (with optional sub-criteria)."""

from __future__ import annotations

import json
from typing import List

from pydantic import BaseModel

__all__ = ("Criterion",)


class Criterion(BaseModel):
    """A named criterion, its description, and the values an assessment may give it."""

    name: str
    description: str
    accepted_values: List[str]
    sub_criteria: List[Criterion] = list()

    @staticmethod
    def parse_json_str(criteria: str) -> List[Criterion]:
        """Criteria from a JSON list of objects."""
        return [Criterion(**item) for item in json.loads(criteria)]

    @staticmethod
    def write_json(criteria: List[Criterion]) -> str:
        """Criteria as an indented JSON list (the format `parse_json_str` reads)."""
        return json.dumps([criterion.model_dump() for criterion in criteria], indent=2)
