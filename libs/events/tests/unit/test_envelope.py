"""Envelopes as CloudEvents in Kafka binary mode, and back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cloudevents.core.bindings.kafka import KafkaMessage, from_binary, to_binary
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from liudong_events.envelope import Envelope

WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def envelope() -> Envelope:
    return Envelope(
        type="liudong.person.registered",
        stream_id="person-p-1",
        version=3,
        partition_key="p-1",
        data={"person_id": "p-1", "name": "张三", "birth_date": "1949-12-31"},
        source="/liudong/registry",
        time=WHEN,
    )


def test_to_kafka_uses_binary_mode_headers() -> None:
    env = envelope()

    message = env.to_kafka()

    headers = message.headers
    assert headers["ce_type"] == b"liudong.person.registered"
    assert headers["ce_subject"] == b"person-p-1"
    assert headers["ce_sequence"] == b"3"
    assert headers["ce_id"] == env.id.encode()
    assert headers["ce_source"] == b"/liudong/registry"
    assert headers["ce_specversion"] == b"1.0"
    assert headers["content-type"] == b"application/json"
    assert headers["ce_dataschema"].endswith(b"/liudong.person.registered/v1.json")
    assert all(isinstance(v, bytes) for v in headers.values())


def test_to_kafka_keys_by_partition_key_and_carries_json_data() -> None:
    message = envelope().to_kafka()

    assert message.key == "p-1"
    assert json.loads(message.value) == {
        "person_id": "p-1",
        "name": "张三",
        "birth_date": "1949-12-31",
    }


def test_dataschema_follows_the_schema_version() -> None:
    env = Envelope(
        type="liudong.place.created",
        stream_id="place-x",
        version=1,
        partition_key="x",
        data={},
        source="/liudong/housing",
        schema_version=2,
    )

    assert env.to_kafka().headers["ce_dataschema"].endswith(b"/liudong.place.created/v2.json")


def test_each_envelope_gets_its_own_id() -> None:
    assert envelope().id != envelope().id


def test_from_kafka_round_trips_what_the_consumer_receives() -> None:
    original = envelope()
    message = original.to_kafka()
    key = message.key.encode() if isinstance(message.key, str) else message.key

    # A Kafka client hands headers over as a list of (name, bytes) pairs and the key as bytes.
    received = Envelope.from_kafka(list(message.headers.items()), key, message.value)

    assert received.type == original.type
    assert received.stream_id == "person-p-1"
    assert received.version == 3
    assert received.id == original.id
    assert received.source == original.source
    assert received.partition_key == "p-1"
    assert received.data == original.data
    assert received.data["name"] == "张三"
    assert received.time == WHEN
    assert received.schema_version == 1


def test_an_event_of_a_type_not_wanted_is_seen_without_its_data() -> None:
    """A projection that applies no registrations counts one as seen (stream, version),
    and its data, which nothing will read, is not parsed."""
    message = envelope().to_kafka()
    headers = list(message.headers.items())
    passed = Envelope.from_kafka(headers, None, message.value, {"liudong.residence.checked_in"})
    assert (passed.type, passed.stream_id, passed.version) == (
        "liudong.person.registered",
        "person-p-1",
        3,
    )
    assert passed.data == {}
    read = Envelope.from_kafka(headers, None, message.value, {"liudong.person.registered"})
    assert read.data["name"] == "张三"


def test_from_kafka_accepts_headers_as_a_dict() -> None:
    original = envelope()
    message = original.to_kafka()

    received = Envelope.from_kafka(message.headers, None, message.value)

    assert received.id == original.id
    assert received.version == original.version
    assert received.data == original.data


def test_from_kafka_reads_the_schema_version() -> None:
    original = Envelope(
        type="liudong.place.created",
        stream_id="place-x",
        version=7,
        partition_key="x",
        data={"name": "朝阳区"},
        source="/liudong/housing",
        schema_version=2,
    )
    message = original.to_kafka()

    received = Envelope.from_kafka(message.headers, b"x", message.value)

    assert received.schema_version == 2
    assert received.version == 7


def test_the_cloudevents_sdk_reads_our_messages_as_we_meant_them() -> None:
    """Our binding written out must say what the SDK's binding says, both ways."""
    original = envelope()
    ours = original.to_kafka()

    event = from_binary(KafkaMessage(ours.headers, ours.key, ours.value), JSONFormat())
    attributes = event.get_attributes()

    assert (attributes["id"], attributes["type"], attributes["subject"]) == (
        original.id,
        original.type,
        original.stream_id,
    )
    assert (attributes["sequence"], attributes["partitionkey"]) == ("3", "p-1")
    assert attributes["time"] == WHEN
    assert event.get_data() == original.data


def test_we_read_what_the_cloudevents_sdk_writes() -> None:
    original = envelope()
    theirs = to_binary(
        CloudEvent(
            attributes={
                "id": original.id,
                "source": original.source,
                "type": original.type,
                "subject": original.stream_id,
                "time": WHEN,
                "datacontenttype": "application/json",
                "dataschema": original.dataschema,
                "sequence": "3",
                "partitionkey": "p-1",
            },
            data=original.data,
        ),
        JSONFormat(),
    )

    received = Envelope.from_kafka(list(theirs.headers.items()), theirs.key, theirs.value)

    assert received == original


def test_who_made_a_change_travels_as_extension_attributes() -> None:
    actor = {"user_id": "u-7", "username": "王站长", "role": "station"}
    env = _with_actor(actor)

    record = env.to_kafka()
    back = Envelope.from_kafka(list(record.headers.items()), record.key, record.value)

    assert record.headers["ce_actorid"] == b"u-7"
    assert record.headers["ce_actorusername"] == "王站长".encode()
    assert back.actor == actor
    assert (
        Envelope.from_kafka(list(envelope().to_kafka().headers.items()), "p-1", b"{}").actor is None
    )


def _with_actor(actor: dict[str, str]) -> Envelope:
    plain = envelope()
    return Envelope(
        type=plain.type,
        stream_id=plain.stream_id,
        version=plain.version,
        partition_key=plain.partition_key,
        data=plain.data,
        source=plain.source,
        time=plain.time,
        actor=actor,
    )
