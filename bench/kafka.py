"""The broker on this machine: Apache Kafka's start (to a metadata answer), its resident
memory when idle, and the rates our clients reach against it, with the settings the suite
uses (idempotent producer, acks=all; a consumer group storing offsets as it goes).

    .venv/bin/python -m bench.kafka [--events 200000] [--record]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from confluent_kafka import Consumer, KafkaException

from bench import report
from liudong_devstack.broker import Broker
from liudong_devstack.ports import free_port
from liudong_events import kafka

TOPIC = "liudong.registry"
EVENT = b"x" * 900  # about the size of a checked-in event with its envelope


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.kafka", description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    return parser.parse_args(argv)


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def produce(bootstrap: str, events: int) -> float:
    producer = kafka.make_producer(bootstrap)
    started = time.perf_counter()
    for n in range(events):
        while True:
            try:
                producer.produce(TOPIC, key=str(n % 5000).encode(), value=EVENT)
                break
            except BufferError:  # the local queue is full: let deliveries drain it
                producer.poll(0.05)
        producer.poll(0)
    if producer.flush(60):
        raise KafkaException("events left undelivered")
    return events / (time.perf_counter() - started)


def consume(bootstrap: str, events: int) -> float:
    consumer = Consumer(kafka.consumer_config(bootstrap, "bench"))
    consumer.subscribe([TOPIC])
    seen, started = 0, 0.0
    try:
        while seen < events:
            batch = consumer.consume(1000, timeout=1)
            if batch and not started:
                started = time.perf_counter()
            seen += sum(1 for message in batch if message.error() is None)
            if batch:
                consumer.store_offsets(batch[-1])
    finally:
        consumer.close()
    return seen / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="bench-kafka-") as workdir:
        broker = Broker(free_port(), Path(workdir) / "kafka", Path(workdir) / "kafka.log")
        started = time.perf_counter()
        broker.start()
        start_s = time.perf_counter() - started
        try:
            kafka.ensure_topics(broker.bootstrap, [TOPIC])
            time.sleep(10)  # settled, nothing asked of it
            assert broker.process is not None
            idle_mb = resident_mb(broker.process.pid)
            produced = produce(broker.bootstrap, args.events)
            consumed = consume(broker.bootstrap, args.events)
            busy_mb = resident_mb(broker.process.pid)
        finally:
            broker.stop()
    rows = [
        ("machine", report.machine()),
        ("code", report.code_version()),
        ("broker", "Apache Kafka 4.1.1, KRaft, one node, heap at most 256 MB"),
        ("start (format on first start, then to a metadata answer)", f"{start_s:.1f} s"),
        ("resident memory idle / after the run", f"{idle_mb:.0f} / {busy_mb:.0f} MB"),
        ("events", f"{args.events:,} of {len(EVENT)} bytes, 12 partitions, keys of 5,000 streams"),
        ("produce (idempotent, acks=all)", f"{produced:,.0f} events/s"),
        ("consume (a group, offsets stored as it goes)", f"{consumed:,.0f} events/s"),
    ]
    report.publish(report.facts_block("Apache Kafka", rows), args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
