"""When the demo district is loaded on a first start, and when never: its made-up people
must not reach a production deployment or a connected province."""

from __future__ import annotations

import argparse

import pytest

from liudong_suite.demo import command, entry


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The gateways the demo would be entered into (no suite here: only the decision)."""
    for name in ("LIUDONG_DEMO", "LIUDONG_ENVIRONMENT", "LIUDONG_PROVINCE_URL"):
        monkeypatch.delenv(name, raising=False)
    asked: list[str] = []

    def refuse_after_noting(gateway_url: str, *_args: object) -> entry.Loaded:
        asked.append(gateway_url)
        raise entry.TreeNotEmpty("noted")

    monkeypatch.setattr(entry, "load", refuse_after_noting)
    return asked


def test_a_first_start_loads_it(loads: list[str]) -> None:
    command.first_start("http://127.0.0.1:8000", "admin-password")
    assert loads == ["http://127.0.0.1:8000"]


@pytest.mark.parametrize(
    "setting",
    [
        ("LIUDONG_DEMO", "false"),
        ("LIUDONG_ENVIRONMENT", "production"),
        ("LIUDONG_PROVINCE_URL", "https://province.example/events"),
    ],
)
def test_it_is_never_loaded_when_refused(
    loads: list[str], monkeypatch: pytest.MonkeyPatch, setting: tuple[str, str]
) -> None:
    monkeypatch.setenv(*setting)
    command.first_start("http://127.0.0.1:8000", "admin-password")
    assert loads == []


def test_a_later_start_does_not_try(loads: list[str]) -> None:
    command.first_start("http://127.0.0.1:8000", None)  # admin's password is not known then
    assert loads == []


def test_the_command_refuses_where_a_province_is_connected(
    loads: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIUDONG_PROVINCE_URL", "https://province.example/events")
    assert command.demo(argparse.Namespace(password="admin-password")) == 2
    assert "province" in capsys.readouterr().err
    assert loads == []
