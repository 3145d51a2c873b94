"""New record ids are random version-4 UUIDs, never the same twice, in a forked child too."""

from __future__ import annotations

import os
import uuid

from liudong_events.ids import is_uuid, new_id


def test_new_ids_are_version_4_uuids_and_all_different() -> None:
    made = [new_id() for _ in range(3000)]  # several draws of random bytes
    assert len(set(made)) == len(made)
    for text in made[:600]:
        found = uuid.UUID(text)
        assert (found.version, found.variant) == (4, uuid.RFC_4122)
        assert str(found) == text


def test_a_forked_child_does_not_reuse_its_parents_undrawn_ids() -> None:
    new_id()  # the parent now holds ids it has not handed out
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, "\n".join(new_id() for _ in range(10)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        childs = pipe.read().split("\n")
    parents = [new_id() for _ in range(10)]
    assert len(childs) == 10
    assert all(is_uuid(i) for i in childs)
    assert not set(childs) & set(parents)
