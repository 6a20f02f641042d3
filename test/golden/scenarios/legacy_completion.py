"""The legacy autogen.Completion / ChatCompletion classes under openai>=1: what they print and raise."""

import shutil
import tempfile

import autogen


def attempt(label, fn):
    try:
        print(label, "OK:", fn())
    except Exception as exc:
        print(label, "ERR:", type(exc).__name__, str(exc)[:200])


attempt("print_usage_summary", lambda: autogen.Completion.print_usage_summary())
attempt("chat print_usage_summary", lambda: autogen.ChatCompletion.print_usage_summary())
attempt("start_logging", lambda: autogen.Completion.start_logging())
attempt("logged_history", lambda: autogen.Completion.logged_history)
attempt("stop_logging", lambda: autogen.Completion.stop_logging())
attempt(
    "create",
    lambda: autogen.Completion.create(prompt="hi", config_list=[{"model": "gpt-3.5-turbo-instruct", "api_key": "k"}]),
)
attempt(
    "chat create",
    lambda: autogen.ChatCompletion.create(
        messages=[{"role": "user", "content": "hi"}], config_list=[{"model": "gpt-4", "api_key": "k"}]
    ),
)
attempt("instantiate", lambda: autogen.Completion.instantiate("Hi {x}", {"x": 1}, allow_format_str_template=True))
tmp = tempfile.mkdtemp()
attempt("set_cache", lambda: autogen.Completion.set_cache(seed=1, cache_path_root=tmp))
attempt("clear_cache", lambda: autogen.Completion.clear_cache(seed=1, cache_path_root=tmp))
attempt("default_search_space keys", lambda: sorted(autogen.Completion.default_search_space))
attempt("chat_models", lambda: sorted(autogen.Completion.chat_models)[:5])
shutil.rmtree(tmp)
