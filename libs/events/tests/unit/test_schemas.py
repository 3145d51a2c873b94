"""The published JSON Schemas and AsyncAPI document are what the code generates: a change
to an event model without `make schemas` fails here instead of drifting silently."""

from __future__ import annotations

import json

import jsonschema

from liudong_events.catalog import EVENT_TYPES
from liudong_events.schemas import ASYNCAPI_PATH, path_for, render, render_asyncapi


def test_every_event_type_has_its_committed_schema_unchanged() -> None:
    for event_type in EVENT_TYPES:
        committed = path_for(event_type).read_text(encoding="utf-8")
        assert committed == render(event_type), f"run `make schemas` for {event_type}"


def test_schemas_are_valid_json_schema_documents() -> None:
    for event_type in EVENT_TYPES:
        schema = json.loads(path_for(event_type).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_asyncapi_document_lists_every_event_on_its_topic() -> None:
    assert ASYNCAPI_PATH.read_text(encoding="utf-8") == render_asyncapi()
    document = json.loads(render_asyncapi())
    listed = {m["name"] for m in document["components"]["messages"].values()}
    assert listed == set(EVENT_TYPES)
    assert document["channels"]["liudong_registry"]["address"] == "liudong.registry"
