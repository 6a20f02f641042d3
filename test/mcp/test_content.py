"""Tool results become the text of 0.2 tool messages in the documented forms."""

import base64

from autogen.mcp import render_result


def test_text_blocks_are_joined_with_newlines():
    result = {"content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]}
    assert render_result(result) == "one\ntwo"


def test_image_becomes_a_placeholder_with_mime_type_and_size():
    data = base64.b64encode(b"x" * 300).decode()
    assert render_result({"content": [{"type": "image", "data": data, "mimeType": "image/png"}]}) == (
        "[image: image/png, 300 bytes]"
    )


def test_audio_becomes_a_placeholder():
    data = base64.b64encode(b"abc").decode()
    assert render_result({"content": [{"type": "audio", "data": data, "mimeType": "audio/wav"}]}) == (
        "[audio: audio/wav, 3 bytes]"
    )


def test_embedded_text_resource_shows_its_uri_and_text():
    block = {"type": "resource", "resource": {"uri": "file:///a.txt", "text": "hello"}}
    assert render_result({"content": [block]}) == "[resource: file:///a.txt]\nhello"


def test_embedded_binary_resource_becomes_a_placeholder():
    blob = base64.b64encode(b"12345").decode()
    block = {"type": "resource", "resource": {"uri": "file:///a.bin", "blob": blob, "mimeType": "application/zip"}}
    assert render_result({"content": [block]}) == "[resource: file:///a.bin, application/zip, 5 bytes]"


def test_resource_link_names_name_and_uri():
    block = {"type": "resource_link", "name": "log", "uri": "file:///log"}
    assert render_result({"content": [block]}) == "[resource link: log file:///log]"


def test_structured_content_alone_becomes_json():
    assert render_result({"content": [], "structuredContent": {"result": 5}}) == '{"result": 5}'


def test_unknown_block_type_becomes_json():
    assert render_result({"content": [{"type": "hologram", "x": 1}]}) == '{"type": "hologram", "x": 1}'
