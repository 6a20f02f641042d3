"""agentchat_cache: repeated asks are answered from cache_seed, disk and Redis caches."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

FIXTURES = {"REDIS_URL": "redis_url"}
REPLIES = [Reply.text("Teal."), Reply.text("Amber."), Reply.text("Violet."), Reply.text("Crimson.")]


def check(run: NotebookRun) -> None:
    assert "seed 7, again:  ('Teal.', 0)" in run.text
    assert "seed 8:         ('Amber.'" in run.text
    assert "cache folders: ['7', '8']" in run.text
    assert "disk, again:  ('Violet.', 0)" in run.text
    assert "redis, again: ('Crimson.', 0)" in run.text
    assert len(run.server.chat_requests) == 4
