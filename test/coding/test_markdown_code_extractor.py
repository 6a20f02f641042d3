"""MarkdownCodeExtractor: fenced blocks, language tags and guessing."""

from __future__ import annotations

from autogen.coding import CodeBlock, MarkdownCodeExtractor
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor as FromModule


def extract(text: object) -> list:
    return MarkdownCodeExtractor().extract_code_blocks(text)  # type: ignore[arg-type]


def test_untagged_python_block_is_python() -> None:
    assert extract("Here:\n```\nprint('hello world')\n```") == [
        CodeBlock(code="print('hello world')", language="python")
    ]


def test_two_tagged_blocks() -> None:
    blocks = extract("```python\nprint('a')\n```\ntext\n```python\nprint('b')\n```")
    assert [b.language for b in blocks] == ["python", "python"]
    assert [b.code for b in blocks] == ["print('a')", "print('b')"]


def test_indented_fences() -> None:
    blocks = extract("Example:\n  ```python\n  print('x')\n  ```")
    assert blocks == [CodeBlock(code="  print('x')", language="python")]


def test_crlf_and_space_before_language() -> None:
    assert extract("``` python\r\nprint('x')\r\n```") == [CodeBlock(code="print('x')", language="python")]


def test_bash_tag_kept() -> None:
    assert extract("```bash\necho hi\n```") == [CodeBlock(code="echo hi", language="bash")]


def test_untagged_non_python_has_empty_language() -> None:
    csharp = 'using System;\nclass P { static void Main() { Console.WriteLine("hi"); } }'
    assert extract(f"```\n{csharp}\n```") == [CodeBlock(code=csharp, language="")]


def test_untagged_shell_guess() -> None:
    assert extract("```\npip install pandas\n```") == [CodeBlock(code="pip install pandas", language="sh")]


def test_no_block_gives_empty_list() -> None:
    assert extract("no code here") == []
    assert extract(None) == []


def test_content_parts() -> None:
    assert extract([{"type": "text", "text": "```sh\nls\n```"}]) == [CodeBlock(code="ls", language="sh")]


def test_module_path() -> None:
    assert FromModule is MarkdownCodeExtractor
