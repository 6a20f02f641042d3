"""runtime_logging with the file logger: what start() prints and which records a short chat writes (keys only)."""

import json
import os
import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen import runtime_logging

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)  # the file logger also creates ./autogen_logs
    path = os.path.join(tmp, "runtime.log")
    session = runtime_logging.start(logger_type="file", config={"filename": path})
    print("SESSION TYPE:", type(session).__name__, len(session), runtime_logging.logging_enabled())
    server.script(Reply.text("logged reply"))
    bot = autogen.ConversableAgent(
        "bot",
        llm_config={"config_list": server.config_list(), "cache_seed": None},
        system_message="sys",
        human_input_mode="NEVER",
    )
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    user.initiate_chat(bot, message="log this", max_turns=1, silent=True)
    runtime_logging.stop()
    print("ENABLED AFTER STOP:", runtime_logging.logging_enabled())
    with open(path) as f:
        lines = [line for line in f if line.strip()]
    for line in lines:
        try:
            rec = json.loads(line)
        except ValueError:
            if line.startswith(
                "Started"
            ):  # upstream also writes "[file_logger] Failed to log ..." lines: its bugs, not shown
                print("NOT JSON:", line.split(":")[0][:40])
            continue
        if "event_name" in rec:
            print("RECORD:", sorted(rec), rec.get("event_name"), rec.get("agent_name") or rec.get("source_name"))
