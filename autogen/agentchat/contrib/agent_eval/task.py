"""Task: what AgentEval evaluates, with one successful and one failed example of a response."""

from __future__ import annotations

import json

from pydantic import BaseModel

__all__ = ("Task",)


class Task(BaseModel):
    """A task description plus examples of a successful and a failed response."""

    name: str
    description: str
    successful_response: str
    failed_response: str

    def get_sys_message(self) -> str:
        # the indentation is part of the 0.2 text format, which saved prompts and tests compare against
        return f"""Task: {self.name}.
        Task description: {self.description}
        Task successful example: {self.successful_response}
        Task failed example: {self.failed_response}
        """

    @staticmethod
    def parse_json_str(task: str) -> Task:
        """A Task from a JSON object with the four fields (0.2 passed them positionally and failed; fixed)."""
        data = json.loads(task)
        return Task(
            name=data.get("name"),
            description=data.get("description"),
            successful_response=data.get("successful_response"),
            failed_response=data.get("failed_response"),
        )
