"""Tools returning a pydantic model, a dict, a list, None, an int, and taking a pydantic model argument."""

from typing import Annotated, List, Optional

from _loopback_shim import LoopbackLLMServer, Reply
from pydantic import BaseModel

import autogen


class Point(BaseModel):
    x: int
    y: int = 0


with LoopbackLLMServer() as server:
    server.script(
        Reply.tool_call("make_point", {"x": 3}),
        Reply.tool_call("as_dict", {"key": "k"}),
        Reply.tool_call("as_list", {"n": 3}),
        Reply.tool_call("nothing", {}),
        Reply.tool_call("shift", {"p": {"x": 1, "y": 2}, "dx": 10}),
        Reply.tool_call("maybe", {"v": None}),
        Reply.text("TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=10,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    def reg(desc):
        def deco(f):
            return user.register_for_execution()(assistant.register_for_llm(description=desc)(f))

        return deco

    @reg("Make a point.")
    def make_point(x: Annotated[int, "x"], y: Annotated[int, "y"] = 0) -> Point:
        return Point(x=x, y=y)

    @reg("A dict.")
    def as_dict(key: str) -> dict:
        return {key: [1, 2], "nested": {"a": None}}

    @reg("A list.")
    def as_list(n: int) -> List[int]:
        return list(range(n))

    @reg("Nothing.")
    def nothing() -> None:
        return None

    @reg("Shift a point.")
    def shift(p: Annotated[Point, "the point"], dx: int) -> Point:
        return Point(x=p.x + dx, y=p.y)

    @reg("Maybe.")
    def maybe(v: Optional[int] = None) -> int:
        return -1 if v is None else v

    for t in assistant.llm_config["tools"]:
        print("TOOL:", t)
    r = user.initiate_chat(assistant, message="go")
    for m in r.chat_history:
        if m.get("tool_responses"):
            print("RESP:", m["tool_responses"], repr(m["content"]))
