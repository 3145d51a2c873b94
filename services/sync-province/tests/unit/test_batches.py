"""A batch is read whole or refused whole, and its signature is the body's alone."""

from __future__ import annotations

import uuid

import orjson
import pytest

from liudong_events.envelope import Envelope
from liudong_sync_province.batches import BadBatch, read_batch
from liudong_sync_province.delivery import structured
from liudong_sync_province.signing import signature, verified


def event(**changes: object) -> dict[str, object]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/registry",
        "type": "liudong.residence.checked_in",
        "subject": "residence-1",
        "sequence": "1",
        "time": "2026-11-27T06:00:00Z",
        "datacontenttype": "application/json",
        "data": {"residence_id": "1"},
        **changes,
    }


def test_a_batch_reads_as_events_with_their_stream_versions() -> None:
    (read,) = read_batch(orjson.dumps([event(sequence="12")]))
    assert read.sequence == 12


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"not json", "not JSON"),
        (b"[]", "non-empty JSON array"),
        (b'{"id": 1}', "non-empty JSON array"),
        (orjson.dumps([event(), event(subject="")]), "event 1: subject"),
        (orjson.dumps([event(specversion="0.3")]), "event 0: specversion"),
        (orjson.dumps([event(id="x")]), "event 0: id"),
        (orjson.dumps([event(data=[1])]), "event 0: data: Value error, data must be a JSON object"),
    ],
)
def test_a_bad_batch_is_refused_saying_where(body: bytes, said: str) -> None:
    with pytest.raises(BadBatch, match=said):
        read_batch(body)


def test_the_signature_verifies_only_the_same_body_with_the_same_key() -> None:
    body = orjson.dumps([event()])
    signed = signature(body, "k")
    assert verified(body, "k", signed)
    assert not verified(body + b" ", "k", signed)
    assert not verified(body, "other", signed)
    assert not verified(body, "k", None)


def test_an_event_reads_as_its_envelope_says_from_its_kafka_message() -> None:
    event = Envelope(
        "liudong.residence.checked_in",
        "residence-1",
        3,
        "person-1",
        {"name": '张 "三"\\', "n": [1, 2]},
        "/registry",
        actor={"user_id": "u1", "username": "clerk", "role": "station"},
    )
    message = event.to_kafka()
    from_kafka = orjson.loads(structured(message.headers, message.value))
    assert from_kafka == {
        "specversion": "1.0",
        "id": event.id,
        "source": "/registry",
        "type": "liudong.residence.checked_in",
        "subject": "residence-1",
        "time": event.time.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "dataschema": event.dataschema,
        "sequence": "3",
        "partitionkey": "person-1",
        "actorid": "u1",
        "actorusername": "clerk",
        "actorrole": "station",
        "data": event.data,
    }
    (read,) = read_batch(orjson.dumps([from_kafka]))
    assert (read.subject, read.sequence, read.data) == ("residence-1", 3, event.data)
