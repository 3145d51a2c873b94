"""What the whole suite holds and burns when nobody uses it: each part's memory (PSS, so
pages shared between processes count once) and CPU, PostgreSQL and Apache Kafka included.
The target is an idle suite under 1.5 GB.

    .venv/bin/python -m bench.footprint [--settle 20] [--window 20] [--record]
"""

from __future__ import annotations

import argparse
import sys
import time

import psutil

from bench import report
from bench.stack import new_stack, start_database, start_services

TARGET_MB = 1536


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.footprint", description=__doc__)
    parser.add_argument("--settle", type=float, default=20, help="seconds idle before measuring")
    parser.add_argument("--window", type=float, default=20, help="seconds of CPU measured")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    return parser.parse_args(argv)


def family(pid: int) -> list[psutil.Process]:
    """A process and everything under it (PostgreSQL's backends, a service's workers)."""
    top = psutil.Process(pid)
    return [top, *top.children(recursive=True)]


def pss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_full_info().pss for p in processes) / 2**20


def cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in processes)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    stack = new_stack(durable=True)
    try:
        start_database(stack)
        suite = start_services(stack)
        assert stack.pg.process is not None
        assert stack.broker is not None
        assert stack.broker.process is not None
        parts = {"PostgreSQL": stack.pg.process.pid, "Apache Kafka": stack.broker.process.pid}
        for name, service in suite.processes.items():
            assert service.process is not None
            parts[name] = service.process.pid
        time.sleep(args.settle)
        before = {name: cpu_seconds(family(pid)) for name, pid in parts.items()}
        time.sleep(args.window)
        cores = {
            n: (cpu_seconds(family(pid)) - before[n]) / args.window for n, pid in parts.items()
        }
        memory = {name: pss_mb(family(pid)) for name, pid in parts.items()}
    finally:
        stack.stop()
    total = sum(memory.values())
    rows = [
        ("machine", report.machine()),
        ("code", report.code_version()),
        *(
            (f"{name}: PSS / CPU", f"{memory[name]:.0f} MB / {cores[name]:.3f} cores")
            for name in parts
        ),
        ("whole suite idle: PSS / CPU", f"{total:.0f} MB / {sum(cores.values()):.3f} cores"),
        ("target", f"under {TARGET_MB} MB: {'met' if total < TARGET_MB else 'NOT met'}"),
    ]
    report.publish(report.facts_block("Idle footprint", rows), args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
