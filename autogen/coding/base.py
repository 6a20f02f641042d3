"""The data models and protocols every code executor and extractor share."""

from __future__ import annotations

from typing import Any, List, Literal, Mapping, Optional, Protocol, TypedDict, Union, runtime_checkable

from pydantic import BaseModel, Field

__all__ = (
    "CodeBlock",
    "CodeResult",
    "CodeExtractor",
    "CodeExecutor",
    "CodeExecutionConfig",
    "IPythonCodeResult",
    "CommandLineCodeResult",
)


class CodeBlock(BaseModel):
    """A piece of code and the language it is written in."""

    code: str = Field(description="The code to execute.")
    language: str = Field(description="The language of the code.")


class CodeResult(BaseModel):
    """What running code produced: an exit code and the captured output."""

    exit_code: int = Field(description="The exit code of the code execution.")
    output: str = Field(description="The output of the code execution.")


class CodeExtractor(Protocol):
    """Finds code blocks in a message."""

    def extract_code_blocks(self, message: Union[str, List[Union[Mapping[str, Any], str]], None]) -> List[CodeBlock]:
        """Return the code blocks found in `message` (text or a list of content parts)."""
        ...  # pragma: no cover


@runtime_checkable
class CodeExecutor(Protocol):
    """Runs code blocks; agents hold one and call it from their code-execution reply."""

    @property
    def code_extractor(self) -> CodeExtractor:
        """The extractor that turns a message into code blocks for this executor."""
        ...  # pragma: no cover

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CodeResult:
        """Run the blocks in order and return the combined result."""
        ...  # pragma: no cover

    def restart(self) -> None:
        """Reset the executor's state; called when the agent is reset."""
        ...  # pragma: no cover


class IPythonCodeResult(CodeResult):
    """Result of running code in a kernel; rich outputs are saved to files."""

    output_files: List[str] = Field(
        default_factory=list, description="The list of files that the executed code blocks generated."
    )


class CommandLineCodeResult(CodeResult):
    """Result of running code as a script; `code_file` is the first script written."""

    code_file: Optional[str] = Field(default=None, description="The file that the executed code block was saved to.")


CodeExecutionConfig = TypedDict(
    "CodeExecutionConfig",
    {
        "executor": Union[Literal["ipython-embedded", "commandline-local"], CodeExecutor],
        "last_n_messages": Union[int, Literal["auto"]],
        "timeout": int,
        "use_docker": Union[bool, str, List[str]],
        "work_dir": str,
        "ipython-embedded": Mapping[str, Any],
        "commandline-local": Mapping[str, Any],
    },
    total=False,
)
