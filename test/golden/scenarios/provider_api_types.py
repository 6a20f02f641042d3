"""api_type values served by the OpenAI client (azure, openai, unknown ones): which client and what is logged."""

import autogen

for api_type in ("openai", "azure", "unknown_type", "localai"):
    cfg = {"model": "m", "api_key": "k", "api_type": api_type}
    if api_type == "azure":
        cfg.update(base_url="http://127.0.0.1:9/openai", api_version="2024-02-01")
    try:
        w = autogen.OpenAIWrapper(config_list=[cfg], cache_seed=None)
        print(api_type, "OK:", type(w._clients[0]).__name__)
    except Exception as exc:
        print(api_type, "ERR:", type(exc).__name__, exc)
