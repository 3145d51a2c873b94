"""An event as it travels: a CloudEvent in Kafka binary mode (`ce_` headers, JSON value).

`subject` is the stream id, the extension `sequence` the stream version, and the Kafka key
the partition key (the person id for registry events, the place id for housing events), so
every stream of one person lands on one partition, in order.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cloudevents.core.bindings.kafka import KafkaMessage, from_binary, to_binary
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

SCHEMA_BASE = "https://liudong.example/schemas"
Headers = Sequence[tuple[str, str | bytes | None]] | Mapping[str, str | bytes | None]


@dataclass(frozen=True)
class Envelope:
    type: str
    stream_id: str
    version: int
    partition_key: str
    data: dict[str, Any]
    source: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    schema_version: int = 1
    position: int | None = None

    @property
    def dataschema(self) -> str:
        return f"{SCHEMA_BASE}/{self.type}/v{self.schema_version}.json"

    def to_kafka(self) -> KafkaMessage:
        event = CloudEvent(
            attributes={
                "id": self.id,
                "source": self.source,
                "type": self.type,
                "subject": self.stream_id,
                "time": self.time,
                "datacontenttype": "application/json",
                "dataschema": self.dataschema,
                "sequence": str(self.version),
                "partitionkey": self.partition_key,
            },
            data=self.data,
        )
        return to_binary(event, JSONFormat())

    @classmethod
    def from_kafka(cls, headers: Headers, key: str | bytes | None, value: bytes) -> Envelope:
        """Read a consumed message (headers as confluent-kafka gives them)."""
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        as_bytes = {k: v.encode() if isinstance(v, str) else (v or b"") for k, v in pairs}
        message = KafkaMessage(headers=as_bytes, key=key, value=value)
        event = from_binary(message, JSONFormat())
        attrs = event.get_attributes()
        schema = str(attrs.get("dataschema", ""))
        return cls(
            id=str(attrs["id"]),
            type=str(attrs["type"]),
            source=str(attrs["source"]),
            stream_id=str(attrs["subject"]),
            version=int(attrs["sequence"]),
            partition_key=_text(attrs.get("partitionkey") or key),
            time=attrs["time"],
            data=_object(event.get_data()),
            schema_version=_schema_version(schema),
        )


def _object(data: object) -> dict[str, Any]:
    if isinstance(data, bytes | str):
        data = json.loads(data or "{}")
    if not isinstance(data, dict):
        raise ValueError("event data must be a JSON object")
    return data


def _schema_version(dataschema: str) -> int:
    match = re.search(r"/v(\d+)\.json$", dataschema)
    return int(match.group(1)) if match else 1


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode()
    return "" if value is None else str(value)
