"""ImageGeneration + DalleImageGenerator: an analyzer LLM decides, a generator draws, a cache remembers."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

Image = pytest.importorskip("PIL.Image")

from fake_assistants_api import FakeAssistantsAPI  # noqa: E402

import autogen  # noqa: E402
from autogen.agentchat.contrib.capabilities import generate_images  # noqa: E402
from autogen.agentchat.contrib.capabilities.generate_images import (  # noqa: E402
    DESCRIPTION_MESSAGE,
    SYSTEM_MESSAGE,
    DalleImageGenerator,
    ImageGeneration,
)
from autogen.agentchat.contrib.img_utils import get_pil_image  # noqa: E402
from autogen.cache.in_memory_cache import InMemoryCache  # noqa: E402
from autogen.code_utils import content_str  # noqa: E402
from autogen.testing import Reply  # noqa: E402


class SolidColorGenerator:
    """A real (if simple) ImageGenerator: a solid image of a fixed size, counting its calls."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.prompts: List[str] = []

    def generate_image(self, prompt: str) -> Any:
        self.prompts.append(prompt)
        return Image.new("RGB", (self.size, self.size), (0, 128, 255))

    def cache_key(self, prompt: str) -> str:
        return prompt


def _analyst(wants_image: bool) -> Any:
    """The analyzer's LLM: yes/no to the should-generate question, a prompt otherwise."""

    def respond(body: Dict[str, Any]) -> Reply:
        last = body["messages"][-1]["content"]
        if generate_images._SHOULD_GENERATE in last:
            return Reply.text("yes" if wants_image else "no")
        return Reply.text("a blue square, flat color")

    return respond


@pytest.fixture
def api() -> Iterator[FakeAssistantsAPI]:
    fake = FakeAssistantsAPI()
    yield fake
    fake.close()


def _agent(llm_config: Dict[str, Any], capability: ImageGeneration) -> autogen.ConversableAgent:
    agent = autogen.ConversableAgent(
        "painter", llm_config=llm_config, human_input_mode="NEVER", default_auto_reply="No image today."
    )
    capability.add_to_agent(agent)
    return agent


def _dalle_config(api: FakeAssistantsAPI, model: str = "dall-e-3") -> Dict[str, Any]:
    return {"config_list": [{**api.config(), "model": model}]}


# ------------------------------------------------------------------------------------------------ DalleImageGenerator
def test_dalle_rejects_other_models(api: FakeAssistantsAPI) -> None:
    with pytest.raises(ValueError, match="Invalid DALL-E model"):
        DalleImageGenerator(_dalle_config(api, "gpt-4"))


def test_dalle_rejects_bad_resolution(api: FakeAssistantsAPI) -> None:
    with pytest.raises(ValueError, match="Invalid resolution format"):
        DalleImageGenerator(_dalle_config(api), resolution="big")  # type: ignore[arg-type]


def test_dalle_model_error_message_is_0_2s(api: FakeAssistantsAPI) -> None:
    with pytest.raises(ValueError) as info:
        DalleImageGenerator(_dalle_config(api, "gpt-4"))
    assert str(info.value) == "Invalid DALL-E model: gpt-4. Must be 'dall-e-3' or 'dall-e-2'"


def test_dalle_resolution_error_message_is_0_2s(api: FakeAssistantsAPI) -> None:
    with pytest.raises(ValueError) as info:
        DalleImageGenerator(_dalle_config(api), resolution="big")  # type: ignore[arg-type]
    assert str(info.value) == "Invalid resolution format: big"


def test_dalle_generates_a_pil_image(api: FakeAssistantsAPI, png_path: Path, file_server: str) -> None:
    api.image_url = f"{file_server}/{png_path.name}"
    generator = DalleImageGenerator(_dalle_config(api), resolution="256x256", quality="hd", num_images=2)
    image = generator.generate_image("a red box")
    assert image.size == (4, 3)
    request = [body for method, path, body in api.requests if path.endswith("/images/generations")][0]
    assert request == {"model": "dall-e-3", "prompt": "a red box", "size": "256x256", "quality": "hd", "n": 2}


def test_dalle_without_url_raises(api: FakeAssistantsAPI) -> None:
    with pytest.raises(ValueError):
        DalleImageGenerator(_dalle_config(api)).generate_image("anything")


def test_dalle_cache_key_equal_iff_settings_equal(api: FakeAssistantsAPI) -> None:
    combos = list(itertools.product(["256x256", "1024x1024"], ["standard", "hd"], ["cat", "dog"]))
    keys = {}
    for resolution, quality, prompt in combos:
        generator = DalleImageGenerator(
            _dalle_config(api),
            resolution=resolution,  # type: ignore[arg-type]
            quality=quality,  # type: ignore[arg-type]
        )
        keys[(resolution, quality, prompt)] = generator.cache_key(prompt)
    for a, b in itertools.product(combos, combos):
        assert (keys[a] == keys[b]) == (a == b)
    assert keys[("256x256", "hd", "cat")] == "cat,dall-e-3,256x256,hd,1"


# ------------------------------------------------------------------------------------------------- ImageGeneration
def test_add_to_agent(llm_config: Dict[str, Any]) -> None:
    agent = _agent(llm_config, ImageGeneration(SolidColorGenerator()))
    assert agent.system_message.endswith("\n" + SYSTEM_MESSAGE)
    assert agent.description.endswith("\n" + DESCRIPTION_MESSAGE)
    assert agent._reply_func_list[2]["reply_func"].__name__ == "_image_gen_reply"


def test_request_for_image_gets_an_image(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = _analyst(wants_image=True)
    generator = SolidColorGenerator()
    agent = _agent(llm_config, ImageGeneration(generator))
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.initiate_chat(agent, message="Please draw me a blue square.", max_turns=1, silent=True)
    reply = user.last_message(agent)
    assert "<image>" in content_str(reply["content"])
    assert reply["content"][0]["text"] == "I generated an image with the prompt: a blue square, flat color"
    assert generator.prompts == ["a blue square, flat color"]
    assert get_pil_image(reply["content"][1]["image_url"]["url"]).size == (256, 256)


def test_verbosity_prints_nothing_extra(llm_server: Any, llm_config: Dict[str, Any], scripted_io: Any) -> None:
    # 0.2 stores `verbosity` but prints nothing with it
    llm_server.responder = _analyst(wants_image=True)
    agent = _agent(llm_config, ImageGeneration(SolidColorGenerator(), verbosity=2))
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.initiate_chat(agent, message="Please draw me a blue square.", max_turns=1, silent=True)
    assert scripted_io.text == ""


def test_no_image_request_falls_through(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = _analyst(wants_image=False)
    agent = autogen.ConversableAgent(
        "painter", llm_config=False, human_input_mode="NEVER", default_auto_reply="No image today."
    )
    ImageGeneration(SolidColorGenerator(), text_analyzer_llm_config=llm_config).add_to_agent(agent)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.initiate_chat(agent, message="How are you?", max_turns=1, silent=True)
    assert user.last_message(agent)["content"] == "No image today."


def test_cached_image_is_reused(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = _analyst(wants_image=True)
    cache = InMemoryCache()
    small, large = SolidColorGenerator(256), SolidColorGenerator(512)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    first = _agent(llm_config, ImageGeneration(small, cache=cache))
    user.initiate_chat(first, message="Draw a blue square.", max_turns=1, silent=True)
    second = _agent(llm_config, ImageGeneration(large, cache=cache))
    user.initiate_chat(second, message="Draw a blue square.", max_turns=1, silent=True)
    image = get_pil_image(user.last_message(second)["content"][1]["image_url"]["url"])
    assert image.size == (256, 256)
    assert large.prompts == []


def test_empty_message_falls_through(llm_config: Dict[str, Any]) -> None:
    capability = ImageGeneration(SolidColorGenerator())
    agent = _agent(llm_config, capability)
    assert capability._image_gen_reply(agent, [{"role": "user", "content": ""}]) == (False, None)
    assert capability._image_gen_reply(agent, None) == (False, None)


def test_extract_analysis_accepts_str_and_dict() -> None:
    capability = ImageGeneration(SolidColorGenerator())
    assert capability._extract_analysis("yes") == "yes"
    assert capability._extract_analysis({"content": "no"}) == "no"
