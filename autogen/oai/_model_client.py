"""The contract every model client fulfils, and the stand-in for a custom client not registered yet."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Protocol, Union

__all__ = ("ModelClient", "PlaceHolderClient")


class ModelClient(Protocol):
    """What `OpenAIWrapper` needs from a client: make a request, read its messages, price it, count its tokens.

    A custom client class is named in a config entry (`"model_client_cls": "MyClient"`) and registered with
    `OpenAIWrapper.register_model_client(MyClient, **kwargs)`; it is then built as `MyClient(config, **kwargs)`.
    Its responses must accept new attributes (the wrapper sets `cost`, `config_id`, `pass_filter` and
    `message_retrieval_function` on them); a `types.SimpleNamespace` will do.
    """

    RESPONSE_USAGE_KEYS = ["prompt_tokens", "completion_tokens", "total_tokens", "cost", "model"]

    class ModelClientResponseProtocol(Protocol):
        class Choice(Protocol):
            class Message(Protocol):
                content: Optional[str]

            message: Message

        choices: List[Choice]
        model: str

    def create(self, params: Dict[str, Any]) -> ModelClientResponseProtocol:
        """Make one request; `params` are the merged request parameters of one config entry."""
        ...  # pragma: no cover

    def message_retrieval(
        self, response: ModelClientResponseProtocol
    ) -> Union[List[str], List[ModelClient.ModelClientResponseProtocol.Choice.Message]]:
        """The reply of each choice: a string, or a message object carrying `tool_calls`/`function_call`."""
        ...  # pragma: no cover

    def cost(self, response: ModelClientResponseProtocol) -> float:
        """What the response cost, in dollars."""
        ...  # pragma: no cover

    @staticmethod
    def get_usage(response: ModelClientResponseProtocol) -> Dict[str, Any]:
        """A dict with the `RESPONSE_USAGE_KEYS`; an empty dict means "no usage to record"."""
        ...  # pragma: no cover


class PlaceHolderClient:
    """Holds the config of a custom client until `register_model_client` replaces it with the real one."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    def __repr__(self) -> str:
        return f"PlaceHolderClient(model_client_cls={self.config.get('model_client_cls')!r})"
