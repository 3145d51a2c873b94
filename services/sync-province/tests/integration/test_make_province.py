"""`liudong province` (what `make province` runs): the receiver with a PostgreSQL of its own,
whose data outlives a restart, stopped cleanly by SIGTERM."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import orjson

from liudong_devstack.ports import free_port, wait_for_port
from liudong_sync_province.batches import CONTENT_TYPE
from liudong_sync_province.signing import HEADER, signature

from .conftest import KEY, province


def test_the_province_keeps_what_it_received_across_a_restart(tmp_path: Path) -> None:
    port, pg_port = free_port(), free_port()
    body = orjson.dumps(
        [
            {
                "specversion": "1.0",
                "id": str(uuid.uuid4()),
                "source": "/registry",
                "type": "liudong.person.registered",
                "subject": "person-1",
                "sequence": "1",
                "time": "2026-11-27T06:00:00Z",
                "data": {},
            }
        ]
    )
    headers = {"content-type": CONTENT_TYPE, HEADER: signature(body, KEY)}
    with province(tmp_path, port, LIUDONG_PROVINCE_PG_PORT=str(pg_port)) as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.post("/events", content=body, headers=headers).status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and wait_for_port(pg_port, 0.1):
        time.sleep(0.2)  # its PostgreSQL stops with it
    assert not wait_for_port(pg_port, 0.1)
    with province(tmp_path, port, LIUDONG_PROVINCE_PG_PORT=str(pg_port)) as client:
        assert client.get("/received/summary").json() == {
            "events": 1,
            "by_type": {"liudong.person.registered": 1},
            "duplicates_ignored": 0,
        }
