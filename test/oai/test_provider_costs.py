"""Provider cost functions give 0.2.40's floats to the last bit (same operations in the same order, no rounding).

The expected values are the exact floats 0.2.40 returns; a differently ordered formula lands one ulp away.
"""

from __future__ import annotations

from typing import Callable

import pytest

from autogen.oai.anthropic import _calculate_cost as anthropic_cost
from autogen.oai.bedrock import calculate_cost as bedrock_cost
from autogen.oai.cerebras import calculate_cerebras_cost
from autogen.oai.cohere import calculate_cohere_cost
from autogen.oai.gemini import GeminiClient
from autogen.oai.groq import calculate_groq_cost
from autogen.oai.mistral import calculate_mistral_cost
from autogen.oai.together import calculate_together_cost


@pytest.mark.parametrize(
    ("cost", "tokens_in", "tokens_out", "model", "expected"),
    [
        (anthropic_cost, 999, 1, "claude-3-haiku-20240307", 0.00025100000000000003),
        (calculate_groq_cost, 999, 1, "llama3-70b-8192", 0.0005902),
        (bedrock_cost, 7, 3, "meta.llama3-70b-instruct-v1:0", 2.905e-05),
        (calculate_cerebras_cost, 500, 300, "llama3.1-70b", 0.00047999999999999996),
        (calculate_mistral_cost, 10, 5, "mistral-large-latest", 4.499999999999999e-06),
        (calculate_together_cost, 333, 777, "meta-llama/Llama-3-8b-chat-hf", 0.00022200000000000003),
    ],
)
def test_cost_is_bit_identical_to_02(
    cost: Callable[[int, int, str], float], tokens_in: int, tokens_out: int, model: str, expected: float
) -> None:
    assert cost(tokens_in, tokens_out, model) == expected


def test_gemini_cost_tiers_follow_02() -> None:
    assert GeminiClient._calculate_gemini_cost(1000, 2000, "gemini-1.5-pro") == 3.5 * 1000 / 1e6 + 10.5 * 2000 / 1e6
    assert (
        GeminiClient._calculate_gemini_cost(100000, 40000, "gemini-1.5-flash") == 0.7 * 100000 / 1e6 + 2.1 * 40000 / 1e6
    )


@pytest.mark.parametrize(
    ("cost", "warning", "zero"),
    [
        (anthropic_cost, "Cost calculation not available for model no-such-model", 0.0),
        (calculate_groq_cost, "Cost calculation not available for model no-such-model", 0.0),
        (calculate_cerebras_cost, "Cost calculation not available for model no-such-model", 0.0),
        (calculate_cohere_cost, "Cost calculation not available for no-such-model model", 0.0),
        (calculate_mistral_cost, "Cost calculation is not implemented for model no-such-model, will return $0.", 0),
        (
            bedrock_cost,
            "Cannot get the costs for no-such-model. The cost will be 0. In your config_list, add field "
            '{"price" : [prompt_price_per_1k, completion_token_price_per_1k]} for customized pricing.',
            0,
        ),
    ],
)
def test_unknown_model_warns_in_02_words_and_costs_zero(cost, warning, zero) -> None:
    with pytest.warns(UserWarning) as record:
        result = cost(10, 5, "no-such-model")
    assert result == 0 and type(result) is type(zero)
    assert [str(w.message) for w in record] == [warning]


def test_gemini_unlisted_model_warns_in_02_words() -> None:
    with pytest.warns(UserWarning) as record:
        GeminiClient._calculate_gemini_cost(10, 5, "my-gemini")
    assert [str(w.message) for w in record] == [
        "Cost calculation is not implemented for model my-gemini. Using Gemini-1.0-Pro."
    ]
