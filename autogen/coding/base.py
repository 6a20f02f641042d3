"""What executors and extractors exchange (code blocks, results) and the two protocols they implement.

Agents only rely on the protocols: anything with `code_extractor`, `execute_code_blocks` and `restart` can be given
as `code_execution_config={"executor": ...}`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Mapping, Optional, Protocol, TypedDict, Union, runtime_checkable

from pydantic import BaseModel, Field

from .._reexports import lazy_names

__all__ = (
    "CodeBlock",
    "CodeResult",
    "CodeExtractor",
    "CodeExecutor",
    "CodeExecutionConfig",
    "IPythonCodeResult",
    "CommandLineCodeResult",
)

# --- values ---------------------------------------------------------------------------------------------------------


class CodeBlock(BaseModel):
    """One block found in a message: its source text and the language tag it carried."""

    code: str = Field(description="Source text of the block.")
    language: str = Field(description="Language tag of the block, e.g. python or sh.")


class CodeResult(BaseModel):
    """The outcome agents report back: 0 means every block succeeded; `output` is what the model gets to read."""

    exit_code: int = Field(description="0 on success; the failing block's exit status otherwise.")
    output: str = Field(description="Captured text of the run.")


class CommandLineCodeResult(CodeResult):
    """A script run: also says which file holds the (first) block that was written."""

    code_file: Optional[str] = Field(default=None, description="Path of the script file written for the run.")


class IPythonCodeResult(CodeResult):
    """A kernel run: images and HTML the code displayed were written to files, listed here."""

    output_files: List[str] = Field(default_factory=list, description="Paths of files holding rich outputs.")


# --- protocols ------------------------------------------------------------------------------------------------------

MessageContent = Union[str, List[Union[Mapping[str, Any], str]], None]


class CodeExtractor(Protocol):
    """Turns a message's content into the code blocks it contains."""

    def extract_code_blocks(self, message: MessageContent) -> List[CodeBlock]:
        """The blocks in `message`, in order (text, or a list of content parts)."""
        ...  # pragma: no cover


@runtime_checkable
class CodeExecutor(Protocol):
    """Runs code blocks for an agent; `restart` is called when the agent is reset."""

    @property
    def code_extractor(self) -> CodeExtractor:
        """How this executor finds code in a message."""
        ...  # pragma: no cover

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CodeResult:
        """Run the blocks one after another; one result for the whole run."""
        ...  # pragma: no cover

    def restart(self) -> None:
        """Drop whatever state earlier runs left (kernel variables, a container...)."""
        ...  # pragma: no cover


# --- the agent option -----------------------------------------------------------------------------------------------

# Keys of `code_execution_config`. Some contain a hyphen, hence the functional TypedDict form. The options under
# "ipython-embedded" / "commandline-local" are passed to that executor when "executor" names it.
_CONFIG_FIELDS: Dict[str, Any] = {
    "executor": Union[Literal["ipython-embedded", "commandline-local"], CodeExecutor],
    "last_n_messages": Union[int, Literal["auto"]],
    "timeout": int,
    "use_docker": Union[bool, str, List[str]],
    "work_dir": str,
    "ipython-embedded": Mapping[str, Any],
    "commandline-local": Mapping[str, Any],
}
CodeExecutionConfig = TypedDict("CodeExecutionConfig", _CONFIG_FIELDS, total=False)  # type: ignore[misc]


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
