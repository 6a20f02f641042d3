"""What OpenTelemetry tracing costs per turn: off (never loaded, or enabled then disabled) against on.

    .venv/bin/python bench/tracing.py                       # two_agent and tool_rounds, 5 interleaved repeats
    .venv/bin/python bench/tracing.py --repeats 3 --only two_agent --json tracing.json

Ours only (tracing is beyond 0.2). Each run is a fresh process running one scenario of scenarios.py in one
mode; modes take turns run by run, and the table gives medians and the ratio to `baseline`:

- `baseline`: autogen.tracing never imported (today's cost);
- `off`: tracing enabled, then disabled before the chat (what a process pays once tracing is off again);
- `on`: an SDK TracerProvider with a BatchSpanProcessor and an exporter that drops the spans, so the
  figure is autogen's and the SDK's work per turn without any network;
- `on_content`: the same with capture_content=True (message texts serialised onto the spans).

On a busy machine the process-per-run figures are noisy; `--interleaved` measures the difference inside one
process instead: the same two agents chat in short blocks, tracing switched on and off block by block, and the
medians of CPU and wall time per turn are compared (plus the spans made per turn):

    .venv/bin/python bench/tracing.py --interleaved --blocks 30
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

HERE = Path(__file__).resolve().parent
MODES = ("baseline", "off", "on", "on_content")
SCENARIOS = {"two_agent": (["--turns", "60"], "ms_per_turn"), "tool_rounds": (["--turns", "30"], "ms_per_round")}


def _provider(counter: List[int]) -> Any:
    """An SDK provider whose batch exporter only counts the spans (no network in the figures)."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

    class Count(SpanExporter):
        def export(self, spans: Any) -> SpanExportResult:
            counter[0] += len(spans)
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(Count()))
    return provider


def interleaved(blocks: int, turns: int) -> Dict[str, Any]:
    """Off, a no-op event subscriber, and tracing on, block by block in one process: medians per turn of each.

    The no-op subscriber separates what building the events costs from what making the spans costs.
    """
    import time

    sys.path.insert(0, str(HERE))
    import logging

    import scenarios

    import autogen
    import autogen.events
    import autogen.tracing

    logging.disable(logging.WARNING)
    counter = [0]
    provider = _provider(counter)
    lb = scenarios._load_loopback()
    samples: Dict[str, List[Any]] = {"off": [], "events_only": [], "on": []}
    modes = list(samples)
    with scenarios._server(lb) as server:
        cfg = {"config_list": server.config_list(), "cache_seed": None}
        a = autogen.ConversableAgent("a", llm_config=cfg, human_input_mode="NEVER")
        b = autogen.ConversableAgent("b", llm_config=cfg, human_input_mode="NEVER")
        a.initiate_chat(b, message="warm up", max_turns=2, silent=True)
        for block in range(blocks * len(modes)):
            mode = modes[block % len(modes)]
            if mode == "on":
                autogen.tracing.enable(provider)
            unsubscribe = autogen.events.subscribe(lambda event: None) if mode == "events_only" else None
            before, t0, c0 = len(server.chat_requests), time.perf_counter(), time.process_time()
            a.initiate_chat(b, message="hello", max_turns=turns // 2, silent=True)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            if unsubscribe is not None:
                unsubscribe()
            if mode == "on":
                autogen.tracing.disable(flush=False)
                provider.force_flush()
            n = len(server.chat_requests) - before
            samples[mode].append((wall * 1000 / n, cpu * 1000 / n, n))
    spans_per_turn = counter[0] / sum(s[2] for s in samples["on"])
    out: Dict[str, Any] = {"spans_per_turn": spans_per_turn}
    for mode, rows in samples.items():
        out[f"{mode}_ms_per_turn"] = statistics.median(r[0] for r in rows)
        out[f"{mode}_cpu_ms_per_turn"] = statistics.median(r[1] for r in rows)
    out["on_minus_off_cpu_ms_per_turn"] = out["on_cpu_ms_per_turn"] - out["off_cpu_ms_per_turn"]
    out["spans_minus_events_cpu_ms_per_turn"] = out["on_cpu_ms_per_turn"] - out["events_only_cpu_ms_per_turn"]
    return out


def _set_up(mode: str) -> None:
    """Put this process in `mode` before the scenario runs."""
    if mode == "baseline":
        return
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

    import autogen.tracing

    class Discard(SpanExporter):
        def export(self, spans: Any) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(Discard()))
    autogen.tracing.enable(provider, capture_content=mode == "on_content")
    if mode == "off":
        autogen.tracing.disable()


def run_in_this_process(mode: str, scenario: str, extra: List[str]) -> Dict[str, Any]:
    sys.path.insert(0, str(HERE))
    import logging

    import scenarios

    logging.disable(logging.WARNING)
    _set_up(mode)
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=40)
    return scenarios.SCENARIOS[scenario](parser.parse_args(extra))


def run_once(mode: str, scenario: str, extra: List[str]) -> Optional[Dict[str, Any]]:
    cmd = [sys.executable, str(Path(__file__)), "--child", mode, scenario, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        print(f"  {scenario}/{mode} failed: {(proc.stderr.strip().splitlines() or ['no output'])[-1]}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def report(results: Dict[str, Dict[str, List[Dict[str, Any]]]]) -> None:
    print(f"\n{'scenario':<14} {'metric':<16} " + " ".join(f"{m:>11}" for m in MODES) + "   on-baseline")
    for scenario, by_mode in results.items():
        metric = SCENARIOS[scenario][1]
        for key in (metric, "cpu_" + metric):
            medians = {m: statistics.median(r[key] for r in by_mode[m]) if by_mode[m] else None for m in MODES}
            cells = " ".join(f"{v:>11.3f}" if v is not None else f"{'-':>11}" for v in medians.values())
            base, on = medians["baseline"], medians["on"]
            delta = f"{on - base:+.3f} ms" if base is not None and on is not None else "-"
            print(f"{scenario if key == metric else '':<14} {key:<16} {cells}   {delta}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--json", default="", help="also write all raw results to this file")
    parser.add_argument("--interleaved", action="store_true", help="off/on blocks in one process (less noise)")
    parser.add_argument("--blocks", type=int, default=30)
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.interleaved:
        print(json.dumps(interleaved(args.blocks, 10), indent=2))
        return
    if args.child:
        mode, scenario, *extra = args.child
        print(json.dumps(run_in_this_process(mode, scenario, extra)))
        return
    names = [n for n in args.only.split(",") if n] or list(SCENARIOS)
    results = {n: {m: [] for m in MODES} for n in names}
    for rep in range(args.repeats):
        print(f"repeat {rep + 1}/{args.repeats}", flush=True)
        order = list(MODES) if rep % 2 == 0 else list(reversed(MODES))
        for name in names:
            for mode in order:
                out = run_once(mode, name, SCENARIOS[name][0])
                if out is not None:
                    results[name][mode].append(out)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
