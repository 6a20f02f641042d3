"""agentchat_structured_outputs: a pydantic response_format parsed onto ChatResult, the strict schema sent, an invalid
reply rejected, a JSON-schema format parsed to a dict."""

import json

from autogen.testing import Reply

_RECIPE = {
    "title": "Fluffy pancakes",
    "minutes": 20,
    "ingredients": [{"name": "flour", "grams": 150}, {"name": "milk", "grams": 250}, {"name": "egg", "grams": 60}],
}

REPLIES = [
    Reply.text(json.dumps(_RECIPE)),
    Reply.text('{"title": "Pancakes", "minutes": "soon", "ingredients": []}'),
    Reply.text('{"tasty": true, "reason": "warm and sweet"}'),
]


def check(run):
    chat = run.cell_text("result = cook.initiate_chat")
    assert "Recipe - Fluffy pancakes (20 min)" in chat and " 150 g  flour" in chat
    asked = run.cell_text('wire = requests[0]["response_format"]')
    assert "json_schema Recipe strict: True" in asked and "required: ['title', 'minutes', 'ingredients']" in asked
    first = run.server.chat_requests[0].body["response_format"]
    assert first["type"] == "json_schema" and first["json_schema"]["name"] == "Recipe"
    assert "StructuredOutputError : the reply does not match Recipe" in run.cell_text("Pancakes again?")
    assert "{'tasty': True, 'reason': 'warm and sweet'}" in run.cell_text("Are pancakes tasty?")
