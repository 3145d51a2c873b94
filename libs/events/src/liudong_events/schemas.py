"""Generate the JSON Schemas of the published events, and the AsyncAPI document that
describes the topics they travel on, into `libs/events/schemas/`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from liudong_events.catalog import EVENT_TYPES, SCHEMA_VERSION
from liudong_events.envelope import SCHEMA_BASE

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schema_for(event_type: str) -> dict[str, Any]:
    schema = EVENT_TYPES[event_type][1].model_json_schema(mode="serialization")
    schema["$id"] = f"{SCHEMA_BASE}/{event_type}/v{SCHEMA_VERSION}.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def path_for(event_type: str) -> Path:
    return SCHEMA_DIR / event_type / f"v{SCHEMA_VERSION}.json"


def render(event_type: str) -> str:
    return json.dumps(schema_for(event_type), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


ASYNCAPI_PATH = SCHEMA_DIR / "asyncapi.json"


def asyncapi() -> dict[str, Any]:
    """AsyncAPI 3.0: one channel per topic, one message per event type, CloudEvents headers."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, (topic, model) in EVENT_TYPES.items():
        name = event_type.removeprefix("liudong.").replace(".", "_")
        messages[name] = {
            "name": event_type,
            "title": event_type,
            "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/cloudevents_headers"},
            "payload": {"$ref": f"{event_type}/v{SCHEMA_VERSION}.json"},
        }
        channel = channels.setdefault(topic.replace(".", "_"), {"address": topic, "messages": {}})
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "liudong events",
            "version": str(SCHEMA_VERSION),
            "description": "CloudEvents 1.0 in Kafka binary mode; key = person or place id.",
        },
        "channels": channels,
        "components": {
            "messages": messages,
            "schemas": {
                "cloudevents_headers": {
                    "type": "object",
                    "required": [
                        "ce_id",
                        "ce_source",
                        "ce_type",
                        "ce_subject",
                        "ce_sequence",
                        "ce_specversion",
                    ],
                    "properties": {
                        "ce_id": {
                            "type": "string",
                            "description": "event id (UUID): idempotency key",
                        },
                        "ce_source": {"type": "string"},
                        "ce_type": {"type": "string"},
                        "ce_subject": {"type": "string", "description": "the stream id"},
                        "ce_sequence": {"type": "string", "description": "the stream version"},
                        "ce_specversion": {"const": "1.0"},
                        "ce_dataschema": {"type": "string"},
                        "ce_time": {"type": "string", "format": "date-time"},
                    },
                }
            },
        },
    }


def render_asyncapi() -> str:
    return json.dumps(asyncapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    for event_type in EVENT_TYPES:
        path = path_for(event_type)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(event_type), encoding="utf-8")
        print(path)
    ASYNCAPI_PATH.write_text(render_asyncapi(), encoding="utf-8")
    print(ASYNCAPI_PATH)


if __name__ == "__main__":
    main()
