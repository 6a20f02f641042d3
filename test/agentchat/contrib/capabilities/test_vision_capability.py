"""VisionCapability: images in received messages are replaced by captions for a text-only agent."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

pytest.importorskip("PIL.Image")

import autogen  # noqa: E402
from autogen.agentchat.contrib.capabilities.vision_capability import (  # noqa: E402
    DEFAULT_DESCRIPTION_PROMPT,
    VisionCapability,
)
from autogen.agentchat.contrib.img_utils import convert_base64_to_data_uri, get_image_data  # noqa: E402


def _caption_func(caption: str = "A sample image caption.", calls: List[Any] | None = None) -> Any:
    def func(url: str, image: Any, client: Any) -> str:
        if calls is not None:
            calls.append((url, image, client))
        return caption

    return func


@pytest.fixture
def agent() -> autogen.ConversableAgent:
    return autogen.ConversableAgent("agent", llm_config=False, human_input_mode="NEVER", system_message="Base.")


def test_add_to_agent_registers_hook_and_extends_system_message(agent: autogen.ConversableAgent) -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func())
    capability.add_to_agent(agent)
    assert capability.process_last_received_message in agent.hook_lists["process_last_received_message"]
    assert agent.system_message.startswith("Base.\n")
    assert "image" in agent.system_message


def test_requires_config_or_caption_function() -> None:
    with pytest.raises(AssertionError):
        VisionCapability(lmm_config={})


def test_plain_text_is_unchanged() -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func())
    assert capability.process_last_received_message("Hello there.") == "Hello there."


def test_image_part_gets_the_exact_caption_text(png_path: Path) -> None:
    calls: List[Any] = []
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func(calls=calls))
    content = [{"type": "image_url", "image_url": {"url": str(png_path)}}]
    assert capability.process_last_received_message(content) == (
        f"<img {png_path}> in case you can not see, the caption of this image is: A sample image caption.\n"
    )
    url, image, client = calls[0]
    assert url == str(png_path)
    assert image.size == (4, 3)
    assert client is None


def test_img_tag_in_text_is_captioned(png_path: Path) -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func("red"))
    out = capability.process_last_received_message(f"Look: <img {png_path}> ok")
    assert out == f"Look: <img {png_path}> in case you can not see, the caption of this image is: red\n ok"


def test_unknown_part_type_is_skipped_with_warning(scripted_io: Any) -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func())
    out = capability.process_last_received_message([{"type": "text", "text": "a"}, {"type": "audio", "x": 1}])
    assert out == "a"
    assert "audio" in scripted_io.text


def test_unknown_part_warning_is_0_2s_plain_line(scripted_io: Any) -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func())
    capability.process_last_received_message([{"type": "audio"}])
    assert scripted_io.text == "Warning: the input type should either be `test` or `image_url`. Skip audio here.\n"


def test_non_dict_part_fails_a_bare_assertion() -> None:
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func())
    with pytest.raises(AssertionError) as info:
        capability.process_last_received_message(["just text"])  # type: ignore[list-item]
    assert str(info.value) == ""


def test_caption_from_the_multimodal_model(
    png_path: Path, llm_server: Any, llm_config: Dict[str, Any], reply: Any
) -> None:
    llm_server.script(reply.text("A small red rectangle."))
    capability = VisionCapability(lmm_config=llm_config)
    out = capability.process_last_received_message([{"type": "image_url", "image_url": {"url": str(png_path)}}])
    assert out.endswith("the caption of this image is: A small red rectangle.\n")
    (request,) = llm_server.chat_requests[0].messages
    assert request["role"] == "user"
    prompt_part, image_part = request["content"]
    assert prompt_part == {"type": "text", "text": DEFAULT_DESCRIPTION_PROMPT}
    expected_uri = convert_base64_to_data_uri(get_image_data(str(png_path)))
    assert image_part == {"type": "image_url", "image_url": {"url": expected_uri}}


def test_agent_with_capability_sees_captions(
    png_path: Path, llm_server: Any, llm_config: Dict[str, Any], reply: Any
) -> None:
    llm_server.script(reply.text("Nice picture."))
    assistant = autogen.AssistantAgent("assistant", llm_config=llm_config)
    VisionCapability(lmm_config={}, custom_caption_func=_caption_func("a red box")).add_to_agent(assistant)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.initiate_chat(assistant, message=f"What is <img {png_path}>?", max_turns=1, silent=True)
    last = llm_server.chat_requests[0].messages[-1]["content"]
    assert "the caption of this image is: a red box" in last


def test_image_url_is_fetched_for_the_caption_function(png_path: Path, file_server: str) -> None:
    calls: List[Any] = []
    capability = VisionCapability(lmm_config={}, custom_caption_func=_caption_func("remote", calls=calls))
    url = f"{file_server}/{png_path.name}"
    out = capability.process_last_received_message(f"See <img {url}>")
    assert out == f"See <img {url}> in case you can not see, the caption of this image is: remote\n"
    assert calls[0][0] == url
    assert calls[0][1].size == (4, 3)
