"""Tests for autogen.types: the message-content aliases agents and clients annotate with."""

from typing import Dict, List, Union, get_type_hints

from typing_extensions import Literal, is_typeddict

from autogen.types import MessageContentType, UserMessageImageContentPart, UserMessageTextContentPart


def test_message_content_type_alias() -> None:
    assert MessageContentType == Union[str, List[Union[Dict, str]], None]


def test_text_content_part_is_typed_dict() -> None:
    assert is_typeddict(UserMessageTextContentPart)


def test_text_content_part_fields() -> None:
    assert get_type_hints(UserMessageTextContentPart) == {"type": Literal["text"], "text": str}


def test_image_content_part_is_typed_dict() -> None:
    assert is_typeddict(UserMessageImageContentPart)


def test_image_content_part_fields() -> None:
    assert get_type_hints(UserMessageImageContentPart) == {
        "type": Literal["image_url"],
        "image_url": Dict[Literal["url"], str],
    }


def test_content_parts_build_plain_dicts() -> None:
    text = UserMessageTextContentPart(type="text", text="hi")
    image = UserMessageImageContentPart(type="image_url", image_url={"url": "http://x/y.png"})
    assert [text, image] == [
        {"type": "text", "text": "hi"},
        {"type": "image_url", "image_url": {"url": "http://x/y.png"}},
    ]


def test_both_parts_are_required_keys() -> None:
    assert UserMessageTextContentPart.__required_keys__ == frozenset({"type", "text"})
    assert UserMessageImageContentPart.__required_keys__ == frozenset({"type", "image_url"})


def test_autogen_types_attribute_is_our_module_before_any_import_of_it() -> None:
    import subprocess
    import sys

    code = "import autogen; t = autogen.types; print(t.__name__, hasattr(t, 'MessageContentType'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "autogen.types True\n"
