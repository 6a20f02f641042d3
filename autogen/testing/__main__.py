"""`python -m autogen.testing [--port N]`: run the loopback server until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import time

from . import LoopbackLLMServer, Reply


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the autogen loopback OpenAI-compatible test server.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--reply", default=None, help="the text every request is answered with")
    args = parser.parse_args()
    server = LoopbackLLMServer(port=args.port, default_reply=Reply.text(args.reply) if args.reply else None)
    with server:
        print(json.dumps(server.config_list()), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
