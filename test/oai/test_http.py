"""autogen.oai._http: the SDK clients that wrappers build share one TLS context instead of loading CAs each time."""

import ssl
from typing import Any

from autogen import OpenAIWrapper


def _sdk_http_client(wrapper: OpenAIWrapper) -> Any:
    return wrapper._clients[0]._oai_client._client


def _tls_context(wrapper: OpenAIWrapper) -> ssl.SSLContext:
    return _sdk_http_client(wrapper)._transport._pool._ssl_context


def _wrapper(**extra: Any) -> OpenAIWrapper:
    return OpenAIWrapper(
        config_list=[{"model": "m", "api_key": "sk-test", "base_url": "http://127.0.0.1:9/v1", **extra}]
    )


def test_two_wrappers_share_one_tls_context() -> None:
    first, second = _wrapper(), _wrapper()
    assert _sdk_http_client(first) is not _sdk_http_client(second)  # each keeps its own connection pool
    assert _tls_context(first) is _tls_context(second)


def test_the_shared_context_verifies_certificates() -> None:
    context = _tls_context(_wrapper())
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_an_http_client_given_in_the_config_is_used_as_is() -> None:
    import openai

    mine = openai.DefaultHttpxClient()
    assert _sdk_http_client(_wrapper(http_client=mine)) is mine
