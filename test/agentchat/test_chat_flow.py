"""Starting a chat: the first message and its carryover go through overridable agent methods, as in 0.2."""

from __future__ import annotations

from autogen import Agent, ConversableAgent


class _Tagging(ConversableAgent):
    def _process_carryover(self, content, kwargs):
        return content + " [carried]"


class _MultimodalTagging(ConversableAgent):
    def _process_multimodal_carryover(self, content, kwargs):
        return [{"type": "text", "text": "custom"}] + content


def test_overridden_process_carryover_shapes_the_first_message():
    agent = _Tagging("a", llm_config=False)
    assert agent.generate_init_message("task", carryover="ignored") == "task [carried]"
    assert agent.generate_init_message({"content": "task"}, carryover="x") == {"content": "task [carried]"}


def test_default_multimodal_carryover_uses_process_carryover():
    agent = _Tagging("a", llm_config=False)
    content = [{"type": "text", "text": "look"}]
    assert agent._process_multimodal_carryover(content, {"carryover": "x"}) == [
        {"type": "text", "text": " [carried]"},
        {"type": "text", "text": "look"},
    ]
    assert agent._process_multimodal_carryover(content, {}) is content


def test_overridden_multimodal_carryover_shapes_the_first_message():
    agent = _MultimodalTagging("a", llm_config=False)
    message = {"content": [{"type": "text", "text": "look"}]}
    assert agent.generate_init_message(message, carryover="x")["content"][0] == {"type": "text", "text": "custom"}
    assert message == {"content": [{"type": "text", "text": "look"}]}


def test_match_trigger_is_an_overridable_instance_method():
    seen = []

    class _Watching(ConversableAgent):
        def _match_trigger(self, trigger, sender):
            seen.append(trigger)
            return super()._match_trigger(trigger, sender)

    agent = _Watching("a", llm_config=False, default_auto_reply="ok")
    other = ConversableAgent("b", llm_config=False)
    assert agent.generate_reply(messages=[{"content": "hi"}], sender=other) == "ok"
    assert seen and seen[0] == [Agent, None]
    assert ConversableAgent._match_trigger(agent, "b", other) is True


def test_match_trigger_override_sees_each_element_of_a_list_trigger():
    seen = []

    class _Watching(ConversableAgent):
        def _match_trigger(self, trigger, sender):
            seen.append(trigger)
            return super()._match_trigger(trigger, sender)

    agent = _Watching("a", llm_config=False)
    assert agent._match_trigger(["x", Agent], ConversableAgent("b", llm_config=False)) is True
    assert seen == [["x", Agent], "x", Agent]
