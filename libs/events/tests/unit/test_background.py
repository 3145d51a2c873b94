"""Background loops (relays, consumers) stand behind requests for the cores."""

from __future__ import annotations

import os
import threading

from liudong_events.service import BACKGROUND_NICENESS, Background


def test_a_background_loop_runs_at_a_lower_priority_than_the_requests_thread() -> None:
    seen: list[int] = []

    def loop(stop: threading.Event) -> None:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    background = Background()
    background.start("loop", loop)
    background.shutdown(grace_seconds=5)
    assert seen == [own + BACKGROUND_NICENESS]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own  # not the caller's
