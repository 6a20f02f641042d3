"""agentchat_mcp_tools: a real MCP server's tools called by a scripted model, sync and async."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("mcp",)

REPLIES = [
    Reply.tool_calls_(
        [
            {"name": "convert_temperature", "arguments": {"value": 400, "to_unit": "Celsius"}},
            {"name": "scale_amount", "arguments": {"grams": 250, "servings_from": 4, "servings_to": 6}},
        ]
    ),
    Reply.tool_call("convert_temperature", {"value": 400, "to_unit": "C"}),
    Reply.text("Set the oven to about 204 C and use 375 g of flour for 6 people.\n\nTERMINATE"),
    Reply.tool_call("kitchen_convert_temperature", {"value": 180, "to_unit": "F"}),
    Reply.text("180 C is 356 F.\n\nTERMINATE"),
]


def check(run: NotebookRun) -> None:
    tool_results = {m["content"] for r in run.server.chat_requests for m in r.messages if m.get("role") == "tool"}
    assert {"375 g", "204 C", "356 F"} <= tool_results
    assert any(c.startswith("Error: ") and "to_unit" in c for c in tool_results)
    schemas = {t["function"]["name"]: t["function"] for t in run.server.chat_requests[0].body["tools"]}
    assert schemas["convert_temperature"]["parameters"]["properties"]["to_unit"]["enum"] == ["C", "F"]
    assert "Pancakes for 4" in run.text
