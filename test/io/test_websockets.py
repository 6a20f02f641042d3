"""IOWebsockets against a real websockets client (websockets.sync.client)."""

from __future__ import annotations

import logging
import socket
import sys
import threading
from typing import Any, List

import pytest

from autogen.io import IOStream, IOWebsockets

pytest.importorskip("websockets.sync.client")
from websockets.exceptions import ConnectionClosed  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

TIMEOUT = 30  # generous bound so a broken server fails the test instead of hanging it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_yields_uri_for_host_and_port() -> None:
    port = _free_port()
    with IOWebsockets.run_server_in_thread(port=port, on_connect=lambda io: None) as uri:
        assert uri == f"ws://127.0.0.1:{port}"


def test_port_zero_yields_the_bound_port() -> None:
    with IOWebsockets.run_server_in_thread(port=0, on_connect=lambda io: None) as uri:
        assert not uri.endswith(":0")
        with connect(uri, open_timeout=TIMEOUT) as ws:
            with pytest.raises(ConnectionClosed):
                ws.recv(timeout=TIMEOUT)  # on_connect returned, so the server closes the connection


def test_print_input_round_trip() -> None:
    done = threading.Event()
    results: List[Any] = []

    def on_connect(iostream: IOWebsockets) -> None:
        first = iostream.input()
        iostream.print(f"Got: {first}")
        iostream.print("second", "line", sep="_")
        answer = iostream.input("May I?")
        results.extend([first, answer])
        done.set()

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            ws.send("Hello")
            assert ws.recv(timeout=TIMEOUT) == "Got: Hello\n"
            assert ws.recv(timeout=TIMEOUT) == "second_line\n"
            assert ws.recv(timeout=TIMEOUT) == "May I?"
            ws.send("Yes")
            assert done.wait(TIMEOUT)
    assert results == ["Hello", "Yes"]


def test_every_message_arrives_in_order() -> None:
    def on_connect(iostream: IOWebsockets) -> None:
        for i in range(200):
            iostream.print(i, end="")
        iostream.print("end")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            received = [ws.recv(timeout=TIMEOUT) for _ in range(201)]
    assert received == [str(i) for i in range(200)] + ["end\n"]


def test_binary_answer_is_decoded_as_utf8() -> None:
    answers: List[str] = []

    def on_connect(iostream: IOWebsockets) -> None:
        answers.append(iostream.input())
        iostream.print("ok")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            ws.send("héllo".encode())
            assert ws.recv(timeout=TIMEOUT) == "ok\n"
    assert answers == ["héllo"]


def test_stream_is_the_default_inside_on_connect() -> None:
    seen: List[bool] = []

    def on_connect(iostream: IOWebsockets) -> None:
        seen.append(IOStream.get_default() is iostream)
        IOStream.get_default().print("via default")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            assert ws.recv(timeout=TIMEOUT) == "via default\n"
    assert seen == [True]


def test_websocket_property_is_the_connection() -> None:
    seen: List[Any] = []

    def on_connect(iostream: IOWebsockets) -> None:
        seen.append(iostream.websocket)
        iostream.print("x")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            ws.recv(timeout=TIMEOUT)
    assert hasattr(seen[0], "send") and hasattr(seen[0], "recv")


def test_client_disconnect_during_input_does_not_hang(caplog: pytest.LogCaptureFixture) -> None:
    waiting = threading.Event()
    finished = threading.Event()

    def on_connect(iostream: IOWebsockets) -> None:
        try:
            waiting.set()
            iostream.input("Your answer?")
        finally:
            finished.set()

    with caplog.at_level(logging.WARNING, logger="autogen.io.websockets"):
        with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
            with connect(uri, open_timeout=TIMEOUT) as ws:
                assert ws.recv(timeout=TIMEOUT) == "Your answer?"
                assert waiting.wait(TIMEOUT)
                ws.close()
                assert finished.wait(TIMEOUT)
    assert any("Error in on_connect" in r.getMessage() for r in caplog.records)


def test_client_disconnect_during_printing_does_not_hang() -> None:
    finished = threading.Event()
    started = threading.Event()

    def on_connect(iostream: IOWebsockets) -> None:
        try:
            while True:  # prints until the dead connection makes send() fail
                iostream.print("tick")
                started.set()
        finally:
            finished.set()

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            ws.recv(timeout=TIMEOUT)
            assert started.wait(TIMEOUT)
            ws.socket.shutdown(socket.SHUT_RDWR)  # the client vanishes without a closing handshake
            assert finished.wait(TIMEOUT)


def test_error_in_on_connect_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def on_connect(iostream: IOWebsockets) -> None:
        iostream.print("before")
        raise ValueError("boom")

    with caplog.at_level(logging.WARNING, logger="autogen.io.websockets"):
        with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
            with connect(uri, open_timeout=TIMEOUT) as ws:
                assert ws.recv(timeout=TIMEOUT) == "before\n"
                with pytest.raises(ConnectionClosed):
                    ws.recv(timeout=TIMEOUT)
    assert any("boom" in r.getMessage() for r in caplog.records)


def test_error_in_on_connect_is_one_warning_line_without_traceback(caplog: pytest.LogCaptureFixture) -> None:
    def on_connect(iostream: IOWebsockets) -> None:
        raise ValueError("boom")

    with caplog.at_level(logging.INFO, logger="autogen.io.websockets"):
        with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
            with connect(uri, open_timeout=TIMEOUT) as ws:
                with pytest.raises(ConnectionClosed):
                    ws.recv(timeout=TIMEOUT)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [" - IOWebsockets._handler(): Error in on_connect: boom"]
    assert warnings[0].exc_info is None
    assert not any("Connection closed" in r.getMessage() for r in caplog.records)


def test_server_serves_several_connections() -> None:
    def on_connect(iostream: IOWebsockets) -> None:
        iostream.print(f"echo {iostream.input()}")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        for name in ("a", "b", "c"):
            with connect(uri, open_timeout=TIMEOUT) as ws:
                ws.send(name)
                assert ws.recv(timeout=TIMEOUT) == f"echo {name}\n"


def test_port_in_use_raises() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(OSError):
            with IOWebsockets.run_server_in_thread(port=port, on_connect=lambda io: None):
                pass


def test_tls_server_with_ssl_context(tmp_path: Any) -> None:
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a self-signed certificate")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert]
        + ["-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=cert)

    def on_connect(iostream: IOWebsockets) -> None:
        iostream.print("secure hello")

    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect, ssl_context=server_ctx) as uri:
        with connect(uri.replace("ws://", "wss://"), ssl=client_ctx, open_timeout=TIMEOUT) as ws:
            assert ws.recv(timeout=TIMEOUT) == "secure hello\n"


def test_missing_websockets_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "websockets" or m.startswith("websockets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "websockets", None)
    with pytest.raises(ImportError, match=r"autogen-agentchat\[websockets\]"):
        IOWebsockets(object())
    with pytest.raises(ImportError, match=r"autogen-agentchat\[websockets\]"):
        with IOWebsockets.run_server_in_thread(port=0, on_connect=lambda io: None):
            pass


def test_agents_inside_on_connect_stream_over_the_socket(llm_server: Any, reply: Any) -> None:
    from autogen import AssistantAgent, UserProxyAgent

    llm_server.script(reply.text("Here is a short story about a cat. TERMINATE"))
    finished = threading.Event()

    def on_connect(iostream: IOWebsockets) -> None:
        task = iostream.input()
        llm_config = {"config_list": llm_server.config_list(), "cache_seed": None, "stream": True}
        assistant = AssistantAgent("assistant", llm_config=llm_config)
        user = UserProxyAgent(
            "user",
            human_input_mode="NEVER",
            code_execution_config=False,
            is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
        )
        user.initiate_chat(assistant, message=task)
        finished.set()

    messages: List[str] = []
    with IOWebsockets.run_server_in_thread(port=0, on_connect=on_connect) as uri:
        with connect(uri, open_timeout=TIMEOUT) as ws:
            ws.send("Write a short story about a cat.")
            try:
                while True:
                    messages.append(ws.recv(timeout=TIMEOUT))
            except ConnectionClosed:
                pass
    assert finished.is_set()
    text = "".join(messages)
    assert "Write a short story about a cat." in text
    assert "TERMINATE" in text
    assert len(messages) > 3  # streamed pieces and printed headers arrive as separate messages
    assert llm_server.requests[0].body.get("stream") is True
