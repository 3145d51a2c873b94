"""Generate the JSON Schemas of the published events into `libs/events/schemas/`."""

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


def main() -> None:
    for event_type in EVENT_TYPES:
        path = path_for(event_type)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(event_type), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
