"""Together.AI model client (`api_type: "together"`).

Example config entry::

    {"api_type": "together", "model": "mistralai/Mixtral-8x7B-Instruct-v0.1", "api_key": "...", "max_tokens": 1000}

Together's API follows OpenAI's chat-completions shape. Tool results are sent with role `user`, streaming is
turned off when tools are given, and cost comes from the size class of the models 0.2 has a size for.
"""

from __future__ import annotations

import copy
import os
import warnings
from typing import Any, Dict, List, Optional

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    describe_provider_error,
    missing_sdk_error,
    sdk_client_options,
)
from ._provider_openai_compat import call_chat_completions
from .client_utils import validate_parameter

try:
    from together import Together

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Together = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = [
    "TogetherClient",
    "calculate_together_cost",
    "chat_lang_code_model_costs",
    "chat_lang_code_model_sizes",
    "mixture_costs",
    "mixture_model_sizes",
    "oai_messages_to_together_messages",
]


def _by_size(groups: Dict[float, str]) -> Dict[str, float]:
    """Model name -> size in billions of parameters, from whitespace-separated name lists keyed by size."""
    return {name: size for size, names in groups.items() for name in names.split()}


# The models 0.2 prices, by size in billions of parameters. A model not named here costs 0 (with a warning):
# set `price` on its config entry instead.
chat_lang_code_model_sizes: Dict[str, float] = _by_size(
    {
        0.5: "Qwen/Qwen1.5-0.5B-Chat",
        1.8: "Qwen/Qwen1.5-1.8B-Chat",
        2: "google/gemma-2b-it",
        3: "togethercomputer/RedPajama-INCITE-Chat-3B-v1",
        4: "Qwen/Qwen1.5-4B-Chat",
        7: """
            NousResearch/Nous-Capybara-7B-V1p9 NousResearch/Nous-Hermes-llama-2-7b Open-Orca/Mistral-7B-OpenOrca
            Qwen/Qwen1.5-7B-Chat Undi95/Toppy-M-7B allenai/OLMo-7B allenai/OLMo-7B-Instruct allenai/OLMo-7B-Twin-2T
            codellama/CodeLlama-7b-Instruct-hf google/gemma-7b-it lmsys/vicuna-7b-v1.5 meta-llama/Llama-2-7b-chat-hf
            mistralai/Mistral-7B-Instruct-v0.1 mistralai/Mistral-7B-Instruct-v0.2 mistralai/Mistral-7B-Instruct-v0.3
            openchat/openchat-3.5-1210 snorkelai/Snorkel-Mistral-PairRM-DPO teknium/OpenHermes-2-Mistral-7B
            teknium/OpenHermes-2p5-Mistral-7B togethercomputer/Llama-2-7B-32K-Instruct
            togethercomputer/RedPajama-INCITE-7B-Chat togethercomputer/StripedHyena-Nous-7B togethercomputer/alpaca-7b
        """,
        8: "meta-llama/Llama-3-8b-chat-hf",
        11: "upstage/SOLAR-10.7B-Instruct-v1.0",
        13: """
            Austism/chronos-hermes-13b Gryphe/MythoMax-L2-13b NousResearch/Nous-Hermes-Llama2-13b
            Undi95/ReMM-SLERP-L2-13B WizardLM/WizardLM-13B-V1.2 codellama/CodeLlama-13b-Instruct-hf
            lmsys/vicuna-13b-v1.5 meta-llama/Llama-2-13b-chat-hf
        """,
        14: "Qwen/Qwen1.5-14B-Chat",
        32: "Qwen/Qwen1.5-32B-Chat",
        33: "deepseek-ai/deepseek-coder-33b-instruct",
        34: "NousResearch/Nous-Hermes-2-Yi-34B codellama/CodeLlama-34b-Instruct-hf zero-one-ai/Yi-34B-Chat",
        67: "deepseek-ai/deepseek-llm-67b-chat",
        70: """
            codellama/CodeLlama-70b-Instruct-hf garage-bAInd/Platypus2-70B-instruct meta-llama/Llama-2-70b-chat-hf
            meta-llama/Llama-3-70b-chat-hf
        """,
        72: "Qwen/Qwen1.5-72B-Chat Qwen/Qwen2-72B-Instruct",
        110: "Qwen/Qwen1.5-110B-Chat",
    }
)
mixture_model_sizes: Dict[str, float] = _by_size(
    {
        7: "NousResearch/Nous-Hermes-2-Mistral-7B-DPO",
        47: """
            NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO NousResearch/Nous-Hermes-2-Mixtral-8x7B-SFT
            mistralai/Mixtral-8x7B-Instruct-v0.1
        """,
        56: "cognitivecomputations/dolphin-2.5-mixtral-8x7b",
        132: "databricks/dbrx-instruct",
        141: "mistralai/Mixtral-8x22B-Instruct-v0.1",
        480: "Snowflake/snowflake-arctic-instruct",
    }
)
# Upper size bound in billions of parameters -> US$ per million tokens (input and output alike)
chat_lang_code_model_costs: Dict[float, float] = {4: 0.1, 8: 0.2, 21: 0.3, 41: 0.8, 80: 0.9, 110: 1.8}
mixture_costs: Dict[float, float] = {56: 0.6, 176: 1.2, 480: 2.4}


class TogetherClient(ProviderClientMixin):
    """Client for Together.AI's chat-completions API."""

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("TOGETHER_API_KEY")
        assert self.api_key, (
            "Please include the api_key in your config list entry for Together.AI or set the TOGETHER_API_KEY env variable."
        )
        if Together is None:
            raise missing_sdk_error("Together.AI", "together", "together", _IMPORT_ERROR)
        self._sdk: Any = None
        self._sdk_options = sdk_client_options(kwargs)

    def __repr__(self) -> str:
        return f"TogetherClient(base_url={self._sdk_options.get('base_url')!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The request settings Together accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Together.AI model to use."
        )
        number = (int, float)
        parsed = {
            "model": params["model"],
            "max_tokens": validate_parameter(params, "max_tokens", int, True, 512, (0, None), None),
            "stream": validate_parameter(params, "stream", bool, False, False, None, None),
            "temperature": validate_parameter(params, "temperature", number, True, None, None, None),
            "top_p": validate_parameter(params, "top_p", number, True, None, None, None),
            "top_k": validate_parameter(params, "top_k", int, True, None, None, None),
            "repetition_penalty": validate_parameter(params, "repetition_penalty", float, True, None, None, None),
            "presence_penalty": validate_parameter(params, "presence_penalty", number, True, None, (-2, 2), None),
            "frequency_penalty": validate_parameter(params, "frequency_penalty", number, True, None, (-2, 2), None),
            "min_p": validate_parameter(params, "min_p", number, True, None, (0, 1), None),
            "safety_model": validate_parameter(params, "safety_model", str, True, None, None, None),
        }
        if parsed["stream"] and params.get("tools"):
            warnings.warn(
                "Streaming is not supported when using tools, streaming will be disabled.",
                UserWarning,
                stacklevel=2,
            )
            parsed["stream"] = False
        return parsed

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Together.AI and return an OpenAI-style ChatCompletion."""
        request = {k: v for k, v in self.parse_params(params).items() if v is not None}
        request["messages"] = oai_messages_to_together_messages(params.get("messages", []))
        if params.get("tools"):
            request["tools"] = params["tools"]
            request["tool_choice"] = params.get("tool_choice", "auto")
        if self._sdk is None:  # built once: each SDK client loads TLS certificates and opens its own pool
            self._sdk = Together(api_key=self.api_key, **{"max_retries": 5, **self._sdk_options})
        sdk = self._sdk
        try:
            answer, _ = call_chat_completions(sdk, request)
        except Exception as err:
            raise describe_provider_error(err, "Together.AI")
        return build_chat_completion(
            response_id=answer.id,
            model=request["model"],
            text=answer.text,
            tool_calls=answer.tool_calls or None,
            finish_reason="tool_calls" if answer.tool_calls else "stop",
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            cost=calculate_together_cost(answer.prompt_tokens, answer.completion_tokens, request["model"]),
        )


def oai_messages_to_together_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Copies of the messages in which tool results carry role `user`, as Together's models expect."""
    converted = copy.deepcopy(messages)
    for message in converted:
        if message.get("role") == "tool":
            message["role"] = "user"
    return converted


def _price_for(size: float, table: Dict[float, float]) -> float:
    """The price of the smallest size class that holds `size`; 0 when it is bigger than every class."""
    return next((table[bound] for bound in sorted(table) if size <= bound), 0)


def calculate_together_cost(input_tokens: int, output_tokens: int, model_name: str) -> float:
    """US$ cost of a call to one of the models 0.2 knows the size of; any other model warns and costs 0."""
    if model_name in chat_lang_code_model_sizes:
        price = _price_for(chat_lang_code_model_sizes[model_name], chat_lang_code_model_costs)
    elif model_name in mixture_model_sizes:
        price = _price_for(mixture_model_sizes[model_name], mixture_costs)
    else:
        warnings.warn(
            "The model isn't catered for costing, to apply costs you can use the 'price' key on your config_list.",
            UserWarning,
            stacklevel=1,  # 0.2's default: the warning names this line
        )
        return 0
    if price == 0:
        warnings.warn("Model size doesn't align with cost structure.", UserWarning, stacklevel=1)
    return price * ((input_tokens + output_tokens) / 1e6)  # 0.2's order of operations
