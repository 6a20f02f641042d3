"""Text compressors used by TextMessageCompressor; LLMLingua needs the `long-context` extra."""

from __future__ import annotations

import importlib.util
from typing import Any, Dict, Optional, Protocol

# llmlingua pulls in torch: only check that it is installed here, import it when a compressor is built.
IMPORT_ERROR: Optional[ImportError] = (
    None
    if importlib.util.find_spec("llmlingua") is not None
    else ImportError(
        "LLMLingua is not installed. Please install it with `pip install autogen-agentchat[long-context]~=0.2`"
    )
)


class TextCompressor(Protocol):
    """Compresses a text; the result dict carries at least "compressed_prompt"."""

    def compress_text(self, text: str, **compression_params: Any) -> Dict[str, Any]:
        """Return {"compressed_prompt": ..., and optionally "origin_tokens" / "compressed_tokens"}."""
        ...


class LLMLingua:
    """TextCompressor backed by Microsoft's LLMLingua prompt compressor."""

    def __init__(
        self,
        prompt_compressor_kwargs: Dict = dict(  # noqa: B006  (0.2 signature)
            model_name="microsoft/llmlingua-2-bert-base-multilingual-cased-meetingbank",
            use_llmlingua2=True,
            device_map="cpu",
        ),
        structured_compression: bool = False,
    ) -> None:
        if IMPORT_ERROR is not None:
            raise IMPORT_ERROR
        from llmlingua import PromptCompressor

        self._prompt_compressor = PromptCompressor(**prompt_compressor_kwargs)
        self._compression_method = (
            self._prompt_compressor.structured_compress_prompt
            if structured_compression
            else self._prompt_compressor.compress_prompt
        )

    def compress_text(self, text: str, **compression_params: Any) -> Dict[str, Any]:
        """Compress one text with the configured LLMLingua method."""
        return self._compression_method([text], **compression_params)
