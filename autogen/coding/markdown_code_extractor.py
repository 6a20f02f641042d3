"""Extract fenced Markdown code blocks from a message."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Union

from .._reexports import lazy_names
from ..code_utils import CODE_BLOCK_PATTERN, UNKNOWN, content_str, infer_lang
from .base import CodeBlock, CodeExtractor

__all__ = ("MarkdownCodeExtractor",)


class MarkdownCodeExtractor(CodeExtractor):
    """Finds ```-fenced blocks; an untagged block gets its language guessed (Python, shell or empty)."""

    def extract_code_blocks(self, message: Union[str, List[Union[Dict[str, Any], str]], None]) -> List[CodeBlock]:
        """Return the fenced code blocks of `message` (text or content parts), in order."""
        text = content_str(message)
        blocks: List[CodeBlock] = []
        for lang, code in re.findall(CODE_BLOCK_PATTERN, text, flags=re.DOTALL):
            language: Optional[str] = lang or infer_lang(code)
            if language == UNKNOWN:
                language = ""
            blocks.append(CodeBlock(code=code, language=language))
        return blocks


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
