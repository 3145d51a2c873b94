"""Coordinators (协管员) with their photos and the houses assigned to them, and employers
(企业) with their migrant staff, linked to persons of the registry."""

from __future__ import annotations

import io
import random
import uuid
from datetime import timedelta

import httpx
from PIL import Image

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, create_user, declaration, eventually, id_number

PASSWORD = "coordinator-pw-7"


def photo(size: tuple[int, int] = (1200, 1600), fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=fmt)
    return out.getvalue()


def new_coordinator(admin: httpx.Client, suite: Suite, tree: Tree) -> tuple[str, httpx.Client]:
    name = f"xg-{uuid.uuid4().hex[:8]}"
    account = create_user(admin, name, "coordinator", tree.community, PASSWORD)
    created = admin.post(
        "/api/coordinators",
        json={"name": "李协管", "place_id": tree.compound, "user_id": account["id"]},
    )
    assert created.status_code == 201, created.text
    assert created.json()["coordinator_id"] == account["id"]
    return account["id"], login(suite.gateway_url, name, PASSWORD)


def house(admin: httpx.Client, unit: str, rng: random.Random) -> str:
    owner, _ = id_number(rng)
    response = admin.post(
        "/api/houses",
        json={
            "unit_id": unit,
            "archive_no": f"FW-{uuid.uuid4().hex[:10]}",
            "use": "rented",
            "owner": {"kind": "person", "name": "周房东", "id_number": owner},
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["house_id"])


def test_a_coordinator_photo_is_checked_and_kept_as_a_plain_jpeg(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    coordinator_id, _ = new_coordinator(admin, suite, tree)
    url = f"/api/coordinators/{coordinator_id}/photo"

    saved = admin.put(url, files={"file": ("me.png", photo(), "image/png")})
    assert saved.status_code == 200, saved.text
    served = admin.get(url)
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["x-content-type-options"] == "nosniff"
    kept = Image.open(io.BytesIO(served.content))
    assert kept.format == "JPEG"
    assert max(kept.size) == 800

    not_an_image = admin.put(
        url, files={"file": ("me.jpg", b"<script>alert(1)</script>", "image/jpeg")}
    )
    too_big = admin.put(
        url, files={"file": ("me.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024), "image/png")}
    )
    for refused in (not_an_image, too_big):
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["body", "file"]
    assert admin.get(url).content == served.content  # the refused uploads changed nothing


def test_a_coordinator_sees_only_the_houses_assigned_to_them(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    rng = random.Random(81)
    coordinator_id, coordinator = new_coordinator(admin, suite, tree)
    units = tree.units[tree.buildings[0]]
    theirs, other = house(admin, units[0], rng), house(admin, units[1], rng)
    assigned = admin.put(
        f"/api/houses/{theirs}/coordinator", json={"coordinator_id": coordinator_id}
    )
    assert assigned.status_code == 200, assigned.text

    listed = coordinator.get("/api/houses").json()
    assert [h["house_id"] for h in listed["items"]] == [theirs]
    assert coordinator.get(f"/api/houses/{other}").status_code == 404
    assert coordinator.get(f"/api/units/{units[1]}").status_code == 404
    work = coordinator.get(f"/api/coordinators/{coordinator_id}/work").json()
    assert [h["house_id"] for h in work["houses"]] == [theirs]
    assert work["houses"][0]["last_inspected_on"] is None
    inspected = coordinator.post(
        f"/api/houses/{theirs}/inspections", json={"inspected_on": office_today().isoformat()}
    )
    assert inspected.status_code == 201, inspected.text
    work = coordinator.get(f"/api/coordinators/{coordinator_id}/work").json()
    assert work["houses"][0]["last_inspected_on"] == office_today().isoformat()
    assert coordinator.get("/api/coordinators").status_code == 403  # managing them is not theirs


def test_an_employer_lists_its_staff_from_the_registry(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    coordinator_id, coordinator = new_coordinator(admin, suite, tree)
    bad = coordinator.post(
        "/api/employers",
        json={"name": "城关食品厂", "credit_code": "91110000600037341X", "place_id": tree.compound},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "credit_code"]
    created = coordinator.post(
        "/api/employers",
        json={
            "name": "城关食品厂",
            "credit_code": "91110000600037341L",
            "place_id": tree.compound,
            "address": "东关大街20号",
            "contact_person": "吴厂长",
        },
    )
    assert created.status_code == 201, created.text
    employer = created.json()["employer_id"]

    unit = tree.units[tree.buildings[1]][0]
    body = declaration(unit, office_today() - timedelta(days=3), random.Random(82), name="郑工人")
    person = admin.post("/api/residences", json=body).json()["person_id"]

    def join() -> httpx.Response:
        since = (office_today() - timedelta(days=2)).isoformat()
        return coordinator.post(
            f"/api/employers/{employer}/staff", json={"person_id": person, "since": since}
        )

    eventually(lambda: join().status_code == 201)  # once housing has the person from registry
    assert join().status_code == 422  # already on the staff
    page = coordinator.get(f"/api/employers/{employer}").json()
    assert [(s["name"], s["unit_id"], s["until"]) for s in page["staff"]] == [
        ("郑工人", unit, None)
    ]
    assert "*" in page["staff"][0]["id_number_masked"]
    work = coordinator.get(f"/api/coordinators/{coordinator_id}/work").json()
    assert [(e["employer_id"], e["staff"]) for e in work["employers"]] == [(employer, 1)]

    left = coordinator.post(
        f"/api/employers/{employer}/staff/{person}/departure",
        json={"until": office_today().isoformat()},
    )
    assert left.status_code == 200, left.text
    assert (
        coordinator.get(f"/api/employers/{employer}").json()["staff"][0]["until"]
        == office_today().isoformat()
    )
    unknown = coordinator.post(
        f"/api/employers/{employer}/staff",
        json={"person_id": str(uuid.uuid4()), "since": office_today().isoformat()},
    )
    assert unknown.status_code == 422
