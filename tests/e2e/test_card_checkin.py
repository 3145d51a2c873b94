"""The registration desk with a card reader: the agent runs as a desk PC runs it (its
console script, on loopback, over a simulated GA 467 reader on a pseudo-terminal), the
browser's request for a card comes from the gateway's origin, and the check-in filled from
the card records where it came from. The agent keeps nothing: no file, no card in its log."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from liudong_cardreader.simulator import SAMPLE_SAM_ID_TEXT, SAMPLES, SimulatedReader, sample_card
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.card_agent import AGENT, Agent, running_agent
from tests.e2e.helpers import Tree, eventually


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[SimulatedReader]:
    with SimulatedReader(tmp_path) as simulated:
        yield simulated


@pytest.fixture
def agent(reader: SimulatedReader, suite: Suite, tmp_path: Path) -> Iterator[Agent]:
    with running_agent(reader.path, suite.gateway_url, tmp_path) as running:
        yield running


def read_card(agent: Agent, origin: str, timeout: float = 1) -> httpx.Response:
    return httpx.get(
        f"{agent.url}/api/card", params={"timeout": timeout}, headers={"Origin": origin}, timeout=10
    )


def check_in_from(card: dict[str, Any], unit: str) -> dict[str, Any]:
    """The desk form as the card filled it; the clerk adds what a card does not hold."""
    return {
        "unit_id": unit,
        "arrival_date": office_today().isoformat(),
        "person": {
            key: card[key] for key in ("id_number", "name", "sex", "ethnicity", "birth_date")
        }
        | {"phone": "13800000000"},
        "housing_type": "rented",
        "reason": "work",
        "intended_stay_days": 365,
        "capture": {
            "channel": "card",
            "reader_id": card["reader_id"],
            "chip_serial": card.get("chip_serial"),
        },
    }


def test_a_check_in_filled_from_a_card_records_the_reader(
    admin: httpx.Client, tree: Tree, suite: Suite, reader: SimulatedReader, agent: Agent
) -> None:
    assert read_card(agent, suite.gateway_url, timeout=0.5).status_code == 408  # no card yet
    reader.put(*sample_card("resident"))
    answer = read_card(agent, suite.gateway_url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == suite.gateway_url
    card = answer.json()
    expected = SAMPLES["resident"]
    assert (card["card_type"], card["name"]) == ("resident", expected["name"])
    assert (card["id_number"], card["birth_date"]) == (expected["id_number"], "1985-03-12")
    assert (card["reader_id"], card["expired"]) == (SAMPLE_SAM_ID_TEXT, False)

    unit = tree.units[tree.buildings[0]][0]
    created = admin.post("/api/residences", json=check_in_from(card, unit))
    assert created.status_code == 201, created.text
    person = admin.get(f"/api/persons/{created.json()['person_id']}").json()
    assert person["residences"][0]["capture"]["channel"] == "card"
    assert person["residences"][0]["capture"]["reader_id"] == SAMPLE_SAM_ID_TEXT

    # Nothing kept: no file in its home or working folder, no card in its log.
    assert list(agent.home.iterdir()) == []
    logged = agent.log.read_text(encoding="utf-8")
    assert '"request"' in logged
    assert expected["id_number"] not in logged
    assert expected["name"] not in logged


def test_the_desk_meets_a_pulled_card_an_unplugged_reader_and_another_site(
    suite: Suite, reader: SimulatedReader, agent: Agent
) -> None:
    reader.put(*sample_card("hmt_permit"))
    reader.pull_mid_read = True
    assert read_card(agent, suite.gateway_url).status_code == 502
    reader.put(*sample_card("hmt_permit"))
    permit = read_card(agent, suite.gateway_url).json()
    assert (permit["card_type"], permit["permit_number"]) == (
        "hmt_permit",
        SAMPLES["hmt_permit"]["permit_number"],
    )

    reader.unplug()
    unplugged = read_card(agent, suite.gateway_url)
    assert (unplugged.status_code, unplugged.json()["detail"]) == (503, "读卡器未连接或无响应")
    reader.plug()
    reader.put(*sample_card("foreigner"))
    assert eventually(lambda: read_card(agent, suite.gateway_url).status_code == 200, timeout=10)

    elsewhere = read_card(agent, "http://evil.example")
    assert "access-control-allow-origin" not in elsewhere.headers


def test_the_agent_refuses_to_listen_beyond_this_desk(tmp_path: Path) -> None:
    refused = subprocess.run(
        [str(AGENT), "--listen", "0.0.0.0:47555"], capture_output=True, text=True, timeout=30
    )
    assert refused.returncode == 2
    assert "loopback" in refused.stderr
    assert shutil.which(str(AGENT))
