"""`MCPToolset`: one MCP server's tools, resources and prompts for autogen agents."""

from __future__ import annotations

import re
import threading
import weakref
from typing import TYPE_CHECKING, Any, Callable, Coroutine, Dict, Iterable, List, Optional, Set, TypeVar

from ._connection import Connection
from ._content import render_block, render_result, wire
from ._errors import MCPConnectionError, MCPToolError
from ._loop import LoopThread
from ._params import MCPServerParams

if TYPE_CHECKING:
    from ..agentchat.conversable_agent import ConversableAgent

__all__ = ("MCPToolset",)

T = TypeVar("T")

_INVALID_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")


def llm_tool_name(prefix: str, name: str) -> str:
    """The name the model sees: prefix + MCP name, with characters OpenAI rejects replaced by `_`."""
    return _INVALID_NAME_CHARS.sub("_", prefix + name)[:64]


def tool_schema(tool: Dict[str, Any], llm_name: str) -> Dict[str, Any]:
    """An OpenAI tool schema for an MCP tool (a wire dict): its input schema becomes the parameters."""
    parameters = dict(tool.get("inputSchema") or {})
    parameters.setdefault("type", "object")
    parameters.setdefault("properties", {})
    description = tool.get("description") or tool.get("title") or f"The MCP tool {tool['name']}."
    return {"type": "function", "function": {"name": llm_name, "description": description, "parameters": parameters}}


class MCPToolset:
    """A connection to one MCP server whose tools agents can call.

    Use it as a context manager (``with`` or ``async with``); the connection lives until the block
    ends. The session runs on a private event-loop thread the toolset owns, so the sync methods work
    in scripts and in notebooks alike, and the async ones from any event loop. `timeout` bounds every
    request (a tool call, a listing); `connect_timeout` bounds starting the server and the handshake.
    """

    def __init__(
        self, server: MCPServerParams, *, timeout: Optional[float] = 60.0, connect_timeout: Optional[float] = 30.0
    ) -> None:
        self.server = server
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._connection = Connection(server)
        self._loop: Optional[LoopThread] = None
        self._lock = threading.Lock()
        self._tools: List[Dict[str, Any]] = []
        self._llm_names: weakref.WeakKeyDictionary[Any, Set[str]] = weakref.WeakKeyDictionary()  # caller -> names

    @property
    def name(self) -> str:
        return self.server.label

    # ------------------------------------------------------------------ lifetime (sync and async share the coroutines)
    async def _start(self) -> None:
        await self._connection.open(self.connect_timeout)
        self._tools = await self._list_tools()

    def _begin(self) -> LoopThread:
        with self._lock:
            if self._loop is not None:
                raise RuntimeError(f"the MCP toolset for '{self.name}' is already open")
            self._connection = Connection(self.server)  # a fresh session each time the toolset opens
            self._loop = LoopThread(f"autogen-mcp-{self.name}")
            return self._loop

    def _end(self) -> None:
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None:
            loop.stop()

    def _deadline(self) -> Optional[float]:
        return None if self.connect_timeout is None or self.timeout is None else self.connect_timeout + self.timeout

    def open(self) -> MCPToolset:
        """Connect (start a stdio server) and list its tools; `close` ends it. Prefer `with`."""
        loop = self._begin()
        try:
            loop.call(self._start(), self._deadline())
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Close the session and stop the server process, if this toolset started one."""
        loop = self._loop
        if loop is not None and loop.alive:
            loop.call(self._connection.close(), None)
        self._end()

    async def a_open(self) -> MCPToolset:
        loop = self._begin()
        try:
            await loop.a_call(self._start(), self._deadline())
        except BaseException:
            await self.a_close()
            raise
        return self

    async def a_close(self) -> None:
        loop = self._loop
        if loop is not None and loop.alive:
            await loop.a_call(self._connection.close(), None)
        self._end()

    def __enter__(self) -> MCPToolset:
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    async def __aenter__(self) -> MCPToolset:
        return await self.a_open()

    async def __aexit__(self, *exc: Any) -> None:
        await self.a_close()

    # ------------------------------------------------------------------ running requests
    def _running_loop(self) -> LoopThread:
        loop = self._loop
        if loop is None or not loop.alive:
            raise MCPConnectionError(f"MCP server '{self.name}' is not connected: the toolset is not open")
        return loop

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        try:
            loop = self._running_loop()
        except MCPConnectionError:
            coro.close()
            raise
        return loop.call(coro, self.timeout)

    async def _a_run(self, coro: Coroutine[Any, Any, T]) -> T:
        try:
            loop = self._running_loop()
        except MCPConnectionError:
            coro.close()
            raise
        return await loop.a_call(coro, self.timeout)

    async def _request(self, what: str, make: Callable[[Any], Any]) -> Any:
        return wire(await self._connection.request(what, make, self.timeout))

    # ------------------------------------------------------------------ tools
    async def _list_tools(self) -> List[Dict[str, Any]]:
        found = await self._request("listing the tools", lambda s: s.list_tools())
        return list(found.get("tools", []))

    @property
    def tools(self) -> List[Dict[str, Any]]:
        """The server's tools as the protocol describes them (``name``, ``description``, ``inputSchema``, ...)."""
        return list(self._tools)

    @property
    def tool_names(self) -> List[str]:
        return [tool["name"] for tool in self._tools]

    def refresh_tools(self) -> List[Dict[str, Any]]:
        """List the tools again (servers may change them); does not touch agents already registered."""
        self._tools = self._run(self._list_tools())
        return self.tools

    async def _call(self, name: str, arguments: Optional[Dict[str, Any]]) -> str:
        result = await self._request(f"the MCP tool '{name}'", lambda s: s.call_tool(name, arguments or {}))
        text = render_result(result)
        if result.get("isError"):
            raise MCPToolError(text or f"the MCP tool '{name}' failed without a message")
        return text

    def call_tool(self, name: str, arguments: Optional[Dict[str, Any]] = None) -> str:
        """Call a tool and return its result as text (see `render_result`); a failed call raises MCPClientError."""
        return self._run(self._call(name, arguments))

    async def a_call_tool(self, name: str, arguments: Optional[Dict[str, Any]] = None) -> str:
        return await self._a_run(self._call(name, arguments))

    # ------------------------------------------------------------------ resources and prompts
    def _offers(self, capability: str) -> bool:
        return capability in (self._connection.initialize_result.get("capabilities") or {})

    async def _list(self, capability: str, key: str, make: Callable[[Any], Any]) -> List[Dict[str, Any]]:
        if not self._offers(capability):
            return []
        return list((await self._request(f"listing the {key}", make)).get(key, []))

    def list_resources(self) -> List[Dict[str, Any]]:
        """The server's resources (``uri``, ``name``, ``mimeType``, ...); empty when it offers none."""
        return self._run(self._list("resources", "resources", lambda s: s.list_resources()))

    async def a_list_resources(self) -> List[Dict[str, Any]]:
        return await self._a_run(self._list("resources", "resources", lambda s: s.list_resources()))

    async def _read(self, uri: str) -> str:
        result = await self._request(f"reading the resource {uri}", lambda s: s.read_resource(uri))
        parts = result.get("contents", [])
        return "\n".join(
            str(p["text"]) if "text" in p else render_block({"type": "resource", "resource": p}) for p in parts
        )

    def read_resource(self, uri: str) -> str:
        """A resource's text (binary parts as placeholders, as in tool results)."""
        return self._run(self._read(uri))

    async def a_read_resource(self, uri: str) -> str:
        return await self._a_run(self._read(uri))

    def list_prompts(self) -> List[Dict[str, Any]]:
        """The server's prompt templates (``name``, ``description``, ``arguments``); empty when it offers none."""
        return self._run(self._list("prompts", "prompts", lambda s: s.list_prompts()))

    async def a_list_prompts(self) -> List[Dict[str, Any]]:
        return await self._a_run(self._list("prompts", "prompts", lambda s: s.list_prompts()))

    async def _prompt(self, name: str, arguments: Optional[Dict[str, str]]) -> List[Dict[str, Any]]:
        result = await self._request(f"getting the prompt '{name}'", lambda s: s.get_prompt(name, arguments or {}))
        return [
            {"role": m.get("role", "user"), "content": render_block(m.get("content") or {})}
            for m in result.get("messages", [])
        ]

    def get_prompt(self, name: str, arguments: Optional[Dict[str, str]] = None) -> List[Dict[str, Any]]:
        """A filled-in prompt as 0.2 message dicts (``role``, text ``content``), ready to send or to seed a chat."""
        return self._run(self._prompt(name, arguments))

    async def a_get_prompt(self, name: str, arguments: Optional[Dict[str, str]] = None) -> List[Dict[str, Any]]:
        return await self._a_run(self._prompt(name, arguments))

    # ------------------------------------------------------------------ registering on agents
    def _executor_function(self, mcp_name: str, llm_name: str, asynchronous: bool) -> Callable[..., Any]:
        if asynchronous:

            async def call(**arguments: Any) -> str:
                return await self.a_call_tool(mcp_name, arguments)

        else:

            def call(**arguments: Any) -> str:  # type: ignore[misc]
                return self.call_tool(mcp_name, arguments)

        call.__name__ = call.__qualname__ = llm_name
        call._mcp_toolset = self  # type: ignore[attr-defined]
        return call

    def _check_clash(self, llm_name: str, caller: ConversableAgent, executor: ConversableAgent) -> None:
        existing = executor.function_map.get(llm_name)
        if existing is not None and getattr(getattr(existing, "_origin", existing), "_mcp_toolset", None) is not self:
            raise ValueError(
                f"'{llm_name}' is already a tool of {executor.name}; register the MCP server '{self.name}' "
                "with a prefix (register(..., prefix='name_')) to keep both"
            )
        config = caller.llm_config if isinstance(caller.llm_config, dict) else {}
        named = {t.get("function", {}).get("name") for t in config.get("tools", [])}
        if llm_name in named and llm_name not in self._llm_names.get(caller, set()):
            raise ValueError(
                f"'{llm_name}' is already a tool of {caller.name}; register the MCP server '{self.name}' "
                "with a prefix (register(..., prefix='name_')) to keep both"
            )

    def register(
        self,
        caller: ConversableAgent,
        executor: ConversableAgent,
        *,
        prefix: str = "",
        tools: Optional[Iterable[str]] = None,
        asynchronous: bool = False,
    ) -> Dict[str, str]:
        """Offer the server's tools to `caller`'s model and let `executor` run them.

        Each tool is named ``prefix + <MCP name>`` for the model (characters OpenAI does not allow become
        ``_``); a name already used by another tool raises ValueError, so give each server its own prefix.
        `tools` picks some tools by MCP name. With `asynchronous` the executor gets coroutine functions
        (best for ``a_initiate_chat``); otherwise plain functions, which also work in async chats.
        Returns {name for the model: MCP name}.
        """
        chosen = self._tools if tools is None else [t for t in self._tools if t["name"] in set(tools)]
        if tools is not None:
            missing = set(tools) - {t["name"] for t in chosen}
            if missing:
                raise ValueError(f"the MCP server '{self.name}' has no tool named {sorted(missing)}")
        names = {llm_tool_name(prefix, t["name"]): t for t in chosen}
        for llm_name in names:
            self._check_clash(llm_name, caller, executor)
        for llm_name, tool in names.items():
            caller.update_tool_signature(tool_schema(tool, llm_name), is_remove=False)
            self._llm_names.setdefault(caller, set()).add(llm_name)
            executor.register_for_execution(name=llm_name)(
                self._executor_function(tool["name"], llm_name, asynchronous)
            )
        return {llm_name: tool["name"] for llm_name, tool in names.items()}
