"""token_count_utils: count_token for text and messages, num_tokens_from_functions, limits, percentage."""

from autogen.token_count_utils import (
    count_token,
    get_max_token_limit,
    num_tokens_from_functions,
    percentile_used,
    token_left,
)

msgs = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Hello there, how are you?", "name": "bob"},
]
for model in ("gpt-4", "gpt-3.5-turbo", "gpt-4o", "gpt-4-0613", "gpt-3.5-turbo-0301"):
    try:
        print(
            model,
            count_token("Hello world, this is a test.", model),
            count_token(msgs, model),
            get_max_token_limit(model),
        )
    except Exception as exc:
        print(model, "ERR:", type(exc).__name__, exc)
funcs = [
    {
        "name": "f",
        "description": "A function.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "string", "description": "an a"}, "b": {"type": "string", "enum": ["x", "y"]}},
            "required": ["a"],
        },
    }
]
print("FUNCS:", num_tokens_from_functions(funcs, "gpt-4"))
print("LEFT:", token_left("some text", "gpt-4"), percentile_used("some text", "gpt-4"))
print("DICT:", count_token({"role": "user", "content": "dict input"}, "gpt-4"))
for m in ("gpt-4-32k", "gpt-4-turbo", "gpt-4o-mini", "gpt-35-turbo-16k", "unknown-model"):
    try:
        print("LIMIT:", m, get_max_token_limit(m))
    except Exception as exc:
        print("LIMIT:", m, "ERR:", type(exc).__name__, exc)
