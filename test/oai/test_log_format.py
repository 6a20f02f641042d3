"""autogen.oai's stdout log lines carry 0.2.40's format, including the line number 0.2 showed."""

import logging

from autogen import OpenAIWrapper
from autogen.oai.client_utils import logger_formatter, upstream_line


def _record(**extra):
    record = logging.LogRecord("autogen.oai.client", logging.WARNING, __file__, 12, "hello", None, None)
    record.__dict__.update(extra)
    return record


def test_format_shows_the_upstream_line_when_given():
    record = _record(**upstream_line(351))
    assert "{351} WARNING - hello" in logger_formatter.format(record)
    assert record.lineno == 12  # other handlers still see the real line


def test_format_shows_the_real_line_otherwise():
    assert "{12} WARNING - hello" in logger_formatter.format(_record())


def test_float_price_warning_prints_upstreams_line(llm_server):
    import io

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logger_formatter)
    logging.getLogger("autogen.oai.client").addHandler(handler)
    try:
        client = OpenAIWrapper(config_list=llm_server.config_list(price=0.01), cache_seed=None)
        client.create(messages=[{"role": "user", "content": "hi"}])
    finally:
        logging.getLogger("autogen.oai.client").removeHandler(handler)
    assert "{716} WARNING - Input price is a float/int." in out.getvalue()
