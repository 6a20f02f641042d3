"""MultimodalConversableAgent: list-of-parts messages with PIL images, sent to the model as data URIs."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Dict

import pytest

Image = pytest.importorskip("PIL.Image")

import autogen  # noqa: E402
from autogen.agentchat.contrib.img_utils import get_image_data, pil_to_data_uri  # noqa: E402
from autogen.agentchat.contrib.multimodal_conversable_agent import (  # noqa: E402
    DEFAULT_LMM_SYS_MSG,
    DEFAULT_MODEL,
    MultimodalConversableAgent,
)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


@pytest.fixture
def agent() -> MultimodalConversableAgent:
    return MultimodalConversableAgent("mm", llm_config=False, human_input_mode="NEVER")


def test_constants() -> None:
    assert DEFAULT_LMM_SYS_MSG == "You are a helpful AI assistant."
    assert DEFAULT_MODEL == "gpt-4-vision-preview"
    assert MultimodalConversableAgent.DEFAULT_CONFIG == {"model": DEFAULT_MODEL}


def test_default_system_message_is_a_part_list(agent: MultimodalConversableAgent) -> None:
    assert agent.system_message == [{"type": "text", "text": "You are a helpful AI assistant."}]


def test_update_system_message_with_image_tag(agent: MultimodalConversableAgent, png_path: Path) -> None:
    agent.update_system_message(f"We will discuss <img {_data_uri(png_path)}> in this chat.")
    parts = agent.system_message
    assert [p["type"] for p in parts] == ["text", "image_url", "text"]
    assert parts[0]["text"] == "We will discuss "
    assert isinstance(parts[1]["image_url"]["url"], Image.Image)
    assert parts[2]["text"] == " in this chat."
    assert agent._oai_system_message[0]["role"] == "system"


def test_message_to_dict_str(png_path: Path) -> None:
    result = MultimodalConversableAgent._message_to_dict("hello")
    assert result == {"content": [{"type": "text", "text": "hello"}]}
    result = MultimodalConversableAgent._message_to_dict(f"a <img {png_path}> b")
    assert isinstance(result["content"][1]["image_url"]["url"], Image.Image)


def test_message_to_dict_list_is_wrapped() -> None:
    parts = [{"type": "text", "text": "hi"}]
    assert MultimodalConversableAgent._message_to_dict(parts) == {"content": parts}


def test_message_to_dict_dict_formats_str_content_without_changing_input() -> None:
    message = {"content": "hi", "role": "user"}
    result = MultimodalConversableAgent._message_to_dict(message)
    assert result == {"content": [{"type": "text", "text": "hi"}], "role": "user"}
    assert message == {"content": "hi", "role": "user"}


def test_message_to_dict_dict_requires_content() -> None:
    with pytest.raises(AssertionError):
        MultimodalConversableAgent._message_to_dict({"role": "user"})


def test_message_to_dict_rejects_bad_content() -> None:
    with pytest.raises(TypeError):
        MultimodalConversableAgent._message_to_dict({"content": ["not a dict"]})


def test_message_to_dict_rejects_other_types() -> None:
    with pytest.raises(ValueError, match="Unsupported message type"):
        MultimodalConversableAgent._message_to_dict(42)  # type: ignore[arg-type]


def test_received_text_is_stored_as_parts(agent: MultimodalConversableAgent, png_path: Path) -> None:
    sender = autogen.ConversableAgent("sender", llm_config=False, human_input_mode="NEVER")
    sender.send(f"Look: <img {png_path}>", agent, request_reply=False, silent=True)
    stored = agent.chat_messages[sender][-1]
    assert stored["role"] == "user"
    assert stored["name"] == "sender"
    assert isinstance(stored["content"][1]["image_url"]["url"], Image.Image)


def test_default_termination_uses_content_str(agent: MultimodalConversableAgent) -> None:
    assert agent._is_termination_msg({"content": [{"type": "text", "text": "TERMINATE"}]})
    assert not agent._is_termination_msg({"content": "go on"})


def test_group_chat_of_multimodal_agents_is_bounded(png_path: Path) -> None:
    agent1 = MultimodalConversableAgent("a1", llm_config=False, human_input_mode="NEVER", default_auto_reply="hi a1")
    agent2 = MultimodalConversableAgent("a2", llm_config=False, human_input_mode="NEVER", default_auto_reply="hi a2")
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="hi user"
    )
    groupchat = autogen.GroupChat(
        agents=[agent1, agent2, user], messages=[], max_round=5, speaker_selection_method="round_robin"
    )
    manager = autogen.GroupChatManager(groupchat=groupchat, llm_config=False)
    user.initiate_chat(manager, message=f"What do you see? <img {_data_uri(png_path)}>", silent=True)
    assert len(groupchat.messages) <= 5
    for each in (agent1, agent2, user):
        assert all(len(history) <= 5 for history in each.chat_messages.values())


def test_reply_sends_images_as_data_uris(llm_server: Any, llm_config: Dict[str, Any], png_path: Path) -> None:
    llm_server.script(autogen.testing.Reply.text("A red rectangle."))
    agent = MultimodalConversableAgent("mm", llm_config=llm_config, human_input_mode="NEVER")
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    result = user.initiate_chat(agent, message=f"What is <img {png_path}>?", max_turns=1, silent=True)
    assert result.summary == "A red rectangle."
    sent = llm_server.chat_requests[0].messages
    assert sent[0] == {"role": "system", "content": [{"type": "text", "text": "You are a helpful AI assistant."}]}
    image_part = sent[1]["content"][1]
    expected = pil_to_data_uri(Image.open(png_path).convert("RGB"))
    assert image_part == {"type": "image_url", "image_url": {"url": expected}}
    assert expected.endswith(get_image_data(str(png_path)))
    assert isinstance(agent.chat_messages[user][0]["content"][1]["image_url"]["url"], Image.Image)


def test_reply_without_client_falls_through(agent: MultimodalConversableAgent) -> None:
    assert agent.generate_oai_reply([{"role": "user", "content": "hi"}]) == (False, None)


async def test_async_reply_sends_images_as_data_uris(
    llm_server: Any, llm_config: Dict[str, Any], png_path: Path, reply: Any
) -> None:
    llm_server.script(reply.text("Red."))
    agent = MultimodalConversableAgent("mm", llm_config=llm_config, human_input_mode="NEVER")
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    result = await user.a_initiate_chat(agent, message=f"What is <img {png_path}>?", max_turns=1, silent=True)
    assert result.summary == "Red."
    url = llm_server.chat_requests[0].messages[1]["content"][1]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")


def test_received_image_tag_is_printed_as_image_placeholder(
    agent: MultimodalConversableAgent, png_path: Path, scripted_io: Any
) -> None:
    # 0.2 prints what the multimodal agent stores: the tag is a loaded image, shown as "<image>"
    sender = autogen.ConversableAgent("sender", llm_config=False, human_input_mode="NEVER")
    sender.send(f"Look: <img {png_path}> here", agent, request_reply=False)
    assert "\nLook: <image> here\n" in scripted_io.text
    assert "<img " not in scripted_io.text


def test_unrenderable_content_note_is_plain_text(scripted_io: Any) -> None:
    with pytest.raises(TypeError):
        MultimodalConversableAgent._message_to_dict({"content": ["not a dict"]})
    assert scripted_io.text == "The `content` field should be compatible with the content_str function!\n"
