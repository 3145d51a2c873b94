"""How long the desk waits for a card: `GET /api/card` through the agent's own process
(its console script, as on a desk PC) over the simulated GA 467 reader, per card type.

    python -m bench.card [--reads 50] [--record]

The simulated reader answers at once; a real reader's security module takes about a second
to authenticate the card before it hands the text over, which comes on top of this."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx

from bench import report
from liudong_cardreader.card import CardType
from liudong_cardreader.simulator import SimulatedReader, sample_card
from tests.e2e.card_agent import running_agent

ORIGIN = "http://127.0.0.1:8000"
KINDS: tuple[CardType, ...] = ("resident", "hmt_permit", "foreigner")


def timed_reads(url: str, reads: int) -> list[float]:
    seconds = []
    with httpx.Client(base_url=url, headers={"Origin": ORIGIN}) as client:
        for _ in range(reads):
            began = time.perf_counter()
            answer = client.get("/api/card", params={"timeout": 2})
            seconds.append(time.perf_counter() - began)
            answer.raise_for_status()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=50)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    rows = [("machine", report.machine()), ("code", report.code_version())]
    rows.append(("agent", "liudong-cardreader --backend serial, simulated SAM reader on a pty"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with SimulatedReader(folder) as reader, running_agent(reader.path, ORIGIN, folder) as agent:
            for kind in KINDS:
                reader.put(*sample_card(kind))
                timed_reads(agent.url, 5)  # untimed: the port opened, the SAM id read once
                p50, p95, p99 = report.percentiles_ms(timed_reads(agent.url, args.reads))
                rows.append((f"{kind}: p50 / p95 / p99", f"{p50:.1f} / {p95:.1f} / {p99:.1f} ms"))
    report.publish(report.facts_block("Card read", rows), args.record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
