"""Every route of every service × every role × a record in scope / out of scope / no token.

The expected statuses are one table (EXPECTED). The routes come from the gateway's merged
OpenAPI document: a route missing from the table fails the test, so a new route cannot slip
past authorization unreviewed.
"""

from __future__ import annotations

import contextlib
import io
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import add_place, declaration, eventually

ROLES = ("admin", "station", "community", "compound", "coordinator", "resident", "department")
OFFICES = ("admin", "station", "community", "compound")
PASSWORD = "matrix-password-1"
PUBLIC = {("POST", "/api/auth/token"), ("POST", "/api/auth/refresh"), ("GET", "/api/health")}


def offices(ok: int, out: int) -> dict[str, tuple[int, int]]:
    """Offices get `ok` in scope and `out` outside (admin: everywhere in); others 403."""
    table = {role: (403, 403) for role in ROLES}
    table.update({role: (ok, out) for role in OFFICES})
    table["admin"] = (ok, ok)
    return table


def everyone(ok: int) -> dict[str, tuple[int, int]]:
    return {role: (ok, ok) for role in ROLES}


def admin_only(ok: int) -> dict[str, tuple[int, int]]:
    return {role: (ok, ok) if role == "admin" else (403, 403) for role in ROLES}


def housing(ok: int, out: int, coordinator: tuple[int, int] | None = None) -> dict[str, Any]:
    """Offices, and the coordinator (by default like an office: their own records)."""
    return {**offices(ok, out), "coordinator": coordinator or (ok, out)}


def keepers(ok: int) -> dict[str, tuple[int, int]]:
    """Renaming, moving, retiring places; assigning officers: admins and stations."""
    return {**{role: (403, 403) for role in ROLES}, "admin": (ok, ok), "station": (ok, 404)}


def managers(ok: int, out: int = 404) -> dict[str, tuple[int, int]]:
    """Coordinators are managed by admins, stations and communities."""
    return {**keepers(ok), "station": (ok, out), "community": (ok, out)}


# (method, path) -> role -> (status in scope, status out of scope)
EXPECTED: dict[tuple[str, str], dict[str, tuple[int, int]]] = {
    ("GET", "/api/users"): offices(200, 200),
    ("POST", "/api/users"): offices(201, 404),
    ("GET", "/api/users/me"): everyone(200),
    ("POST", "/api/users/me/password"): everyone(422),
    ("PATCH", "/api/users/{user_id}"): offices(200, 404),
    ("POST", "/api/users/{user_id}/password"): admin_only(204),
    ("POST", "/api/auth/logout"): everyone(204),
    ("POST", "/api/places"): offices(201, 404),
    ("GET", "/api/places"): housing(200, 200),
    ("GET", "/api/places/{place_id}"): {**offices(200, 404), "coordinator": (200, 404)},
    ("GET", "/api/places/{place_id}/children"): {**offices(200, 404), "coordinator": (200, 404)},
    ("PUT", "/api/places/{place_id}/officer"): keepers(200),
    ("PATCH", "/api/places/{place_id}"): keepers(200),
    ("POST", "/api/places/{place_id}/move"): keepers(200),
    ("POST", "/api/places/{place_id}/retirement"): keepers(200),
    ("PUT", "/api/places/{place_id}/address"): offices(200, 404),
    ("GET", "/api/places/{place_id}/history"): housing(200, 404),
    ("POST", "/api/houses"): housing(201, 404),
    ("GET", "/api/houses"): housing(200, 200),
    ("GET", "/api/houses/{house_id}"): housing(200, 404),
    ("PUT", "/api/houses/{house_id}"): housing(200, 404),
    ("POST", "/api/houses/{house_id}/cancellation"): housing(200, 404),
    ("POST", "/api/houses/{house_id}/restoration"): housing(200, 404),
    ("GET", "/api/houses/{house_id}/history"): housing(200, 404),
    ("PUT", "/api/houses/{house_id}/coordinator"): managers(200),
    ("POST", "/api/houses/{house_id}/rentals"): housing(201, 404),
    ("GET", "/api/houses/{house_id}/rentals"): housing(200, 404),
    ("POST", "/api/houses/{house_id}/rentals/{rental_id}/end"): housing(200, 404),
    ("POST", "/api/houses/{house_id}/inspections"): housing(201, 404),
    ("GET", "/api/houses/{house_id}/inspections"): housing(200, 404),
    # A coordinator's unit page: only a unit whose house is theirs (the world's is not).
    ("GET", "/api/units/{unit_id}"): housing(200, 404, coordinator=(404, 404)),
    ("PUT", "/api/compounds/{compound_id}/profile"): offices(200, 404),
    ("GET", "/api/compounds/{compound_id}/profile"): housing(200, 404),
    ("POST", "/api/coordinators"): managers(201),
    ("GET", "/api/coordinators"): managers(200, 200),
    ("GET", "/api/coordinators/{coordinator_id}"): housing(200, 404),
    ("PUT", "/api/coordinators/{coordinator_id}/photo"): managers(200),
    ("GET", "/api/coordinators/{coordinator_id}/photo"): housing(200, 404),
    ("GET", "/api/coordinators/{coordinator_id}/work"): housing(200, 404),
    ("POST", "/api/employers"): housing(201, 404),
    ("GET", "/api/employers"): housing(200, 200),
    ("GET", "/api/employers/{employer_id}"): housing(200, 404),
    ("PUT", "/api/employers/{employer_id}/coordinator"): managers(200),
    ("POST", "/api/employers/{employer_id}/staff"): housing(201, 404),
    ("POST", "/api/employers/{employer_id}/staff/{person_id}/departure"): housing(200, 404),
    ("GET", "/api/notices"): {**housing(200, 200), "department": (200, 200)},
    ("POST", "/api/notices/{notice_id}/follow-ups"): {
        **admin_only(200),
        "department": (200, 404),  # the fire department's user: a fire notice in its scope
    },
    ("POST", "/api/residences"): offices(201, 404),
    ("POST", "/api/residences/household-move"): offices(201, 404),
    ("GET", "/api/residences/{residence_id}"): offices(200, 404),
    ("POST", "/api/residences/{residence_id}/departure"): offices(200, 404),
    ("POST", "/api/residences/{residence_id}/cancellation"): offices(200, 404),
    ("GET", "/api/persons"): offices(200, 200),
    ("GET", "/api/persons/{person_id}"): offices(200, 404),
    ("GET", "/api/stats/occupancy"): offices(200, 404),
    ("POST", "/api/stats/rebuild"): admin_only(202),
    ("GET", "/api/stats/lag"): offices(200, 200),
    ("GET", "/api/stats/rebuild"): offices(200, 200),
    ("GET", "/api/stats/feed"): offices(200, 404),
    ("GET", "/api/stats/work"): offices(200, 404),
    ("GET", "/api/stats/report"): offices(200, 404),
    ("GET", "/api/stats/breakdown"): offices(200, 404),
    ("GET", "/api/stats/series"): offices(200, 404),
    ("GET", "/api/stats/moves"): offices(200, 404),
    ("GET", "/api/dictionaries/{name}"): everyone(200),
    ("GET", "/api/places/{unit_id}/residents"): offices(200, 404),
    ("PATCH", "/api/persons/{person_id}"): offices(200, 404),
    ("POST", "/api/declarations"): {**{r: (403, 403) for r in ROLES}, "resident": (201, 404)},
    ("GET", "/api/declarations"): {**offices(200, 200), "resident": (200, 200)},
    ("GET", "/api/declarations/units"): {**{r: (403, 403) for r in ROLES}, "resident": (200, 200)},
    ("GET", "/api/declarations/{declaration_id}"): {**offices(200, 404), "resident": (200, 404)},
    ("POST", "/api/declarations/{declaration_id}/confirmation"): offices(200, 404),
    ("POST", "/api/declarations/{declaration_id}/rejection"): offices(200, 404),
    ("POST", "/api/schools"): offices(201, 404),
    ("GET", "/api/schools"): offices(200, 200),
    ("GET", "/api/schools/{school_id}"): offices(200, 404),
    ("PATCH", "/api/schools/{school_id}"): offices(200, 404),
    ("POST", "/api/minors/{minor_id}/enrolment"): offices(200, 404),
    ("GET", "/api/imports/template"): offices(200, 200),
    ("POST", "/api/imports"): offices(200, 200),
    ("GET", "/api/imports/{batch_id}/rejected"): offices(200, 404),
    ("DELETE", "/api/imports/{batch_id}"): offices(200, 404),
    ("GET", "/api/imports/jobs/{job_id}"): offices(200, 404),
    ("GET", "/api/audit"): {**admin_only(200), "station": (200, 200)},
    ("GET", "/api/audit/export"): {**admin_only(200), "station": (200, 200)},
}


RENTAL = {
    "tenants": [{"name": "租客"}],
    "start_date": office_today().isoformat(),
    "end_date": (office_today() + timedelta(days=365)).isoformat(),
    "monthly_rent": "1200",
}
FIRE = {"category": "fire", "description": "楼道堆放杂物"}
ADDRESS = {"street": "东大街", "door_no": "1号", "room": "101"}


def _ae(side: str) -> str:
    return "a" if side == "in" else "e"


def house_body(unit: str, rng: random.Random) -> dict[str, Any]:
    return {
        "unit_id": unit,
        "archive_no": f"FW-{rng.randrange(10**12):012d}",
        "use": "rented",
        "owner": {"kind": "company", "name": "某公司"},
    }


@dataclass
class World:
    """Two stations: everything the users are scoped to lies under S1; E lies under S2."""

    suite: Suite
    admin: httpx.Client
    places: dict[str, str]
    users: dict[str, httpx.Client]
    usernames: dict[str, str]
    rng: random.Random
    coordinators: dict[str, str]  # side -> coordinator profile (in: the matrix coordinator)
    known: dict[str, str]  # side -> a person housing has from the registry's events

    def place(self, side: str) -> str:
        return self.places["unit_a" if side == "in" else "unit_e"]

    def residence(self, side: str) -> dict[str, str]:
        body = declaration(self.place(side), office_today(), self.rng)
        response = self.admin.post("/api/residences", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def declaration(self, side: str) -> str:
        """A pending declaration: by the matrix's resident in scope, by another outside."""
        author = self.users["resident" if side == "in" else "resident_e"]
        body = declaration(self.place(side), office_today(), self.rng)
        response = author.post("/api/declarations", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["declaration_id"])

    def school(self, side: str) -> str:
        place = self.places["compound_a" if side == "in" else "compound_e"]
        response = self.admin.post("/api/schools", json={"name": "实验小学", "place_id": place})
        assert response.status_code == 201, response.text
        return str(response.json()["school_id"])

    def minor(self, side: str) -> str:
        body = declaration(self.place(side), office_today(), self.rng)
        body["minors"] = [{"name": "小童", "sex": "1", "birth_date": "2020-01-01"}]
        created = self.admin.post("/api/residences", json=body).json()
        found = self.admin.get(f"/api/residences/{created['residence_id']}").json()
        return str(found["minors"][0]["minor_id"])

    def import_file(self, side: str) -> dict[str, Any]:
        """A one-row import file (a new person each time, so each file is a new batch)."""
        body = declaration(self.place(side), office_today(), self.rng)
        p = body["person"]
        row = [
            p["id_number"],
            p["name"],
            p["sex"],
            "01",
            p["birth_date"],
            "",
            "",
            body["unit_id"],
            body["arrival_date"],
            "rented",
            "work",
            "",
        ]
        text = (
            "公民身份号码,姓名,性别,民族,出生日期,联系方式,户籍地址,房屋编号,到达本地日期,"
            "住所类别,居住事由,拟居住天数\n" + ",".join(row) + "\n"
        )
        return {"file": ("batch.csv", text.encode("utf-8-sig"), "text/csv")}

    def batch(self, side: str) -> str:
        """A batch by the compound office (in scope) or by the administrator (outside)."""
        author = self.users["compound"] if side == "in" else self.admin
        response = author.post("/api/imports", files=self.import_file(side))
        assert response.status_code == 200, response.text
        return str(response.json()["batch_id"])

    def job(self, side: str) -> str:
        """An import run in the background, by the compound office or by the administrator."""
        author = self.users["compound"] if side == "in" else self.admin
        response = author.post(
            "/api/imports",
            params={"dry_run": "true"},
            files=self.import_file(side),
            headers={"Prefer": "respond-async"},
        )
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    def fresh_unit(self, side: str) -> str:
        return add_place(self.admin, "unit", "新户", self.places[f"building_{_ae(side)}"])

    def house(self, side: str, *, cancelled: bool = False) -> str:
        """A house on a fresh unit: in scope the matrix coordinator's own (they registered
        it), outside the administrator's."""
        author = self.users["coordinator"] if side == "in" else self.admin
        response = author.post("/api/houses", json=house_body(self.fresh_unit(side), self.rng))
        assert response.status_code == 201, response.text
        house_id = str(response.json()["house_id"])
        if cancelled:
            gone = self.admin.post(f"/api/houses/{house_id}/cancellation", json={"reason": "拆迁"})
            assert gone.status_code == 200, gone.text
        return house_id

    def rental(self, house_id: str) -> str:
        response = self.admin.post(f"/api/houses/{house_id}/rentals", json=RENTAL)
        assert response.status_code == 201, response.text
        return str(response.json()["rental_id"])

    def notice(self, side: str) -> str:
        """A fire notice, raised by an inspection of a house under station 1 or 2."""
        response = self.admin.post(
            f"/api/houses/{self.house(side)}/inspections",
            json={"inspected_on": office_today().isoformat(), "hazards": [FIRE]},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["notices"][0]["notice_id"])

    def employer(self, side: str) -> str:
        """In scope the matrix coordinator's own (they registered it); outside the admin's."""
        author = self.users["coordinator"] if side == "in" else self.admin
        body = {"name": "某企业", "place_id": self.places[f"compound_{_ae(side)}"]}
        response = author.post("/api/employers", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["employer_id"])

    def employee(self, side: str) -> tuple[str, str]:
        """(employer, person): a person housing knows, on a fresh employer's staff."""
        employer, person = self.employer(side), self.known[side]
        joined = self.admin.post(
            f"/api/employers/{employer}/staff",
            json={"person_id": person, "since": office_today().isoformat()},
        )
        assert joined.status_code == 201, joined.text
        return employer, person

    def account(self, side: str) -> str:
        scope = self.places["compound_a" if side == "in" else "compound_e"]
        response = self.admin.post(
            "/api/users",
            json={
                "username": f"t-{uuid.uuid4().hex[:10]}",
                "password": PASSWORD,
                "role": "coordinator",
                "scope_place_id": scope,
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


@pytest.fixture(scope="module")
def world(suite: Suite, admin: httpx.Client) -> Iterator[World]:
    p: dict[str, str] = {}
    p["district"] = add_place(admin, "district", "演示区", None)
    p["s1"] = add_place(admin, "station", "一所", p["district"])
    p["s2"] = add_place(admin, "station", "二所", p["district"])
    p["c1"] = add_place(admin, "community", "一社区", p["s1"])
    p["c2"] = add_place(admin, "community", "二社区", p["s2"])
    p["compound_a"] = add_place(admin, "compound", "甲小区", p["c1"])
    p["compound_b"] = add_place(admin, "compound", "乙小区", p["c1"])
    p["compound_e"] = add_place(admin, "compound", "戊小区", p["c2"])
    p["building_a"] = add_place(admin, "building", "甲1栋", p["compound_a"])
    p["building_e"] = add_place(admin, "building", "戊1栋", p["compound_e"])
    p["unit_a"] = add_place(admin, "unit", "101", p["building_a"])
    p["unit_e"] = add_place(admin, "unit", "101", p["building_e"])
    p["unit_a2"] = add_place(admin, "unit", "102", p["building_a"])
    p["unit_e2"] = add_place(admin, "unit", "102", p["building_e"])
    p["building_a2"] = add_place(admin, "building", "甲2栋", p["compound_a"])
    p["building_e2"] = add_place(admin, "building", "戊2栋", p["compound_e"])
    scopes = {
        "station": p["s1"],
        "community": p["c1"],
        "compound": p["compound_a"],
        "coordinator": p["compound_a"],
        "resident": p["compound_a"],
        "department": p["s1"],
    }
    clients = {"admin": admin}
    names = {"admin": "admin"}
    for role, scope in scopes.items():
        name = f"m-{role}-{uuid.uuid4().hex[:6]}"
        body = {"username": name, "password": PASSWORD, "role": role, "scope_place_id": scope}
        if role == "department":
            body["department"] = "fire"
        created = admin.post("/api/users", json=body)
        assert created.status_code == 201, created.text
        clients[role] = login(suite.gateway_url, name, PASSWORD)
        names[role] = name
        if role == "coordinator":
            coordinator_user = created.json()["id"]
    elsewhere = f"m-resident-e-{uuid.uuid4().hex[:6]}"
    admin.post(
        "/api/users",
        json={
            "username": elsewhere,
            "password": PASSWORD,
            "role": "resident",
            "scope_place_id": p["compound_e"],
        },
    )
    clients["resident_e"] = login(suite.gateway_url, elsewhere, PASSWORD)
    coordinators = {
        "in": _coordinator(admin, p["compound_a"], coordinator_user),
        "out": _coordinator(admin, p["compound_e"], None),
    }
    rng = random.Random(99)
    known = {side: _known_person(admin, p[f"unit_{_ae(side)}2"], rng) for side in ("in", "out")}
    yield World(suite, admin, p, clients, names, rng, coordinators, known)
    for role, client in clients.items():
        if role != "admin":
            client.close()


def _coordinator(admin: httpx.Client, place: str, user_id: str | None) -> str:
    """A coordinator's profile, with a photo."""
    body = {"name": "协管员", "place_id": place, "user_id": user_id}
    created = admin.post("/api/coordinators", json=body)
    assert created.status_code == 201, created.text
    coordinator = str(created.json()["coordinator_id"])
    photo = admin.put(f"/api/coordinators/{coordinator}/photo", files={"file": _photo()})
    assert photo.status_code == 200, photo.text
    return coordinator


def _photo() -> tuple[str, bytes, str]:
    out = io.BytesIO()
    Image.new("RGB", (30, 40)).save(out, format="PNG")
    return ("photo.png", out.getvalue(), "image/png")


def _known_person(admin: httpx.Client, unit: str, rng: random.Random) -> str:
    """A person checked in, once housing has them from the registry's events."""
    created = admin.post("/api/residences", json=declaration(unit, office_today(), rng))
    assert created.status_code == 201, created.text
    person = str(created.json()["person_id"])

    def known() -> bool:
        page = admin.get(f"/api/units/{unit}").json()
        return person in {o["person_id"] for o in page["occupants"]["current"]}

    eventually(known)
    return person


def _ids(world: World, path: str, side: str) -> str:
    """The housing register's records in the path: fresh ones where the call uses them up."""
    if "/staff/{person_id}" in path:
        employer, person = world.employee(side)
        path = path.replace("{employer_id}", employer).replace("{person_id}", person)
    if "{rental_id}" in path:
        house = world.house(side)
        path = path.replace("{house_id}", house).replace("{rental_id}", world.rental(house))
    if "{house_id}" in path:
        path = path.replace("{house_id}", world.house(side, cancelled="restoration" in path))
    for name, make in (
        ("{notice_id}", world.notice),
        ("{employer_id}", world.employer),
        ("{coordinator_id}", world.coordinators.__getitem__),
    ):
        if name in path:
            path = path.replace(name, make(side))
    compound = world.places[f"compound_{_ae(side)}"]
    if path.endswith(("/move", "/retirement")) or path == "/api/places/{place_id}":
        path = path.replace("{place_id}", world.fresh_unit(side))
    return path.replace("{compound_id}", compound)


def _call(world: World, method: str, path: str, side: str) -> dict[str, Any]:
    """The request for `path` aimed at a record in scope ("in") or out of scope ("out")."""
    unit = world.place(side)
    building = world.places["building_a" if side == "in" else "building_e"]
    compound = world.places["compound_a" if side == "in" else "compound_e"]
    path = _ids(world, path, side)
    if "{residence_id}" in path:
        path = path.replace("{residence_id}", world.residence(side)["residence_id"])
    if "{person_id}" in path:
        path = path.replace("{person_id}", world.residence(side)["person_id"])
    if "{declaration_id}" in path:
        path = path.replace("{declaration_id}", world.declaration(side))
    if "{school_id}" in path:
        path = path.replace("{school_id}", world.school(side))
    if "{minor_id}" in path:
        path = path.replace("{minor_id}", world.minor(side))
    if "{batch_id}" in path:
        path = path.replace("{batch_id}", world.batch(side))
    if "{job_id}" in path:
        path = path.replace("{job_id}", world.job(side))
    if "{user_id}" in path:
        path = path.replace("{user_id}", world.account(side))
    if path.endswith("/officer"):  # officers look after areas (a building), not units
        path = path.replace("{place_id}", building)
    path = path.replace("{place_id}", unit).replace("{name}", "ethnicity")
    path = path.replace("{unit_id}", unit)
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/api/users"): {
            "username": f"n-{uuid.uuid4().hex[:10]}",
            "password": PASSWORD,
            "role": "coordinator",
            "scope_place_id": compound,
        },
        ("POST", "/api/users/me/password"): {
            "current_password": "not-the-password",
            "new_password": "whatever-new-1",
        },
        ("POST", "/api/places"): {"kind": "unit", "name": "新房", "parent_id": building},
        ("POST", "/api/residences"): declaration(unit, office_today(), world.rng),
        ("POST", "/api/declarations"): declaration(unit, office_today(), world.rng),
        ("POST", "/api/schools"): {"name": "新学校", "place_id": compound},
        ("POST", "/api/coordinators"): {"name": "新协管员", "place_id": compound},
        ("POST", "/api/employers"): {"name": "新企业", "place_id": compound},
        ("PUT", "/api/compounds/" + compound + "/profile"): {"builder": {"name": "建筑公司"}},
        ("POST", "/api/residences/household-move"): {
            "residence_ids": [world.residence(side)["residence_id"]],
            "unit_id": world.places["unit_a2" if side == "in" else "unit_e2"],
            "arrival_date": office_today().isoformat(),
        },
    }
    key = (method, path)
    request: dict[str, Any] = {"method": method, "url": path}
    if path.endswith("/officer"):
        request["json"] = {"officer_id": str(uuid.uuid4()), "officer_name": "王警官"}
    elif path.endswith("/coordinator"):
        request["json"] = {"coordinator_id": None}
    elif path.endswith("/photo") and method == "PUT":
        request["files"] = {"file": _photo()}
    elif body := _housing_body(world, method, path, side):
        request["json"] = body
    elif key == ("POST", "/api/imports"):
        request["files"] = world.import_file(side)
    elif key in bodies:
        request["json"] = bodies[key]
    elif path.endswith("/departure"):
        request["json"] = {"departure_date": office_today().isoformat()}
    elif path.endswith("/enrolment"):
        request["json"] = {"school_id": None}
    elif path.startswith("/api/schools/") and method == "PATCH":
        request["json"] = {"address": "新地址"}
    elif path.endswith("/rejection"):
        request["json"] = {"reason": "材料不全"}
    elif path.endswith("/cancellation"):
        request["json"] = {"reason": "录入错误"}
    elif path.endswith("/password"):
        request["json"] = {"new_password": "reset-by-admin-1"}
    elif path.startswith("/api/persons/") and method == "PATCH":
        request["json"] = {
            "reason": "电话号码变更",
            "phone": f"1390000{world.rng.randrange(10**4):04d}",
        }
    elif path.startswith("/api/users/") and method == "PATCH":
        request["json"] = {"disabled": False}
    elif path == "/api/stats/breakdown":
        request["params"] = {"place_id": compound, "by": "sex"}
    elif (path.startswith("/api/stats/") and method == "GET") or path == "/api/persons":
        request["params"] = {"place_id": compound}
    return request


def _housing_body(world: World, method: str, path: str, side: str) -> dict[str, Any] | None:
    """Bodies of the housing register's calls that are not plain."""
    if path.startswith("/api/places/") and method == "PATCH":
        return {"name": "改名户"}
    if path.endswith("/move"):
        return {"parent_id": world.places[f"building_{_ae(side)}2"]}
    if path.endswith("/retirement"):
        return {"reason": "合并"}
    if path.endswith("/address"):
        return ADDRESS
    if path == "/api/houses" and method == "POST":
        return house_body(world.fresh_unit(side), world.rng)
    if path.startswith("/api/houses/") and method == "PUT":
        return {**house_body("", world.rng), "capacity": 3}
    if path.endswith("/rentals") and method == "POST":
        return RENTAL
    if path.endswith("/end"):
        return {"ended_on": office_today().isoformat()}
    if path.endswith("/inspections") and method == "POST":
        return {"inspected_on": office_today().isoformat(), "hazards": [FIRE]}
    if path.endswith("/staff") and method == "POST":
        return {"person_id": world.known[side], "since": office_today().isoformat()}
    if "/staff/" in path:
        return {"until": office_today().isoformat()}
    if path.endswith("/follow-ups"):
        return {"status": "closed", "note": "已整改"}
    return None


def _routes(suite: Suite) -> set[tuple[str, str]]:
    paths = httpx.get(f"{suite.gateway_url}/openapi.json").json()["paths"]
    return {(m.upper(), p) for p, ops in paths.items() for m in ops}


def test_the_table_covers_every_published_route(suite: Suite) -> None:
    routes = _routes(suite)
    assert routes - PUBLIC - set(EXPECTED) == set(), "routes with no row in EXPECTED"
    assert set(EXPECTED) - routes == set(), "rows for routes that do not exist"


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_route(world: World, method: str, path: str) -> None:
    failures = []
    for role in ROLES:
        for side, expected in zip(("in", "out"), EXPECTED[(method, path)][role], strict=True):
            client = world.users[role]
            if path == "/api/auth/logout":  # logging out must not end the matrix's sessions
                client = login(world.suite.gateway_url, *_credentials(world, role))
            with contextlib.ExitStack() as stack:
                if client is not world.users[role]:
                    stack.callback(client.close)
                got = _status(client, _call(world, method, path, side))
            if got != expected:
                failures.append(f"{role} {side}: {got} (expected {expected})")
    request = _call(world, method, path, "in")
    request["url"] = world.suite.gateway_url + request["url"]
    anonymous = httpx.request(**request)
    if anonymous.status_code != 401:
        failures.append(f"no token: {anonymous.status_code} (expected 401)")
    assert not failures, f"{method} {path}: " + "; ".join(failures)


def _status(client: httpx.Client, request: dict[str, Any]) -> int:
    """The status of a call; an event stream is left after its first line."""
    if request["url"].startswith("/api/stats/feed"):
        with client.stream(**request) as response:
            return response.status_code
    return client.request(**request).status_code


def _credentials(world: World, role: str) -> tuple[str, str]:
    return world.usernames[role], ADMIN_PASSWORD if role == "admin" else PASSWORD


def _person_ids(client: httpx.Client, **params: str) -> set[str]:
    """Every person the client's search shows, all pages."""
    found: set[str] = set()
    page = 1
    while True:
        response = client.get(
            "/api/persons", params={"page_size": "200", "page": str(page), **params}
        )
        assert response.status_code == 200, response.text
        found |= {item["person_id"] for item in response.json()["items"]}
        if page * 200 >= response.json()["total"]:
            return found
        page += 1


def test_each_user_sees_exactly_their_part_of_the_two_compound_demo(world: World) -> None:
    admin, p = world.admin, world.places
    unit_b = add_place(admin, "unit", "201", add_place(admin, "building", "乙1栋", p["compound_b"]))
    for unit in (p["unit_a"], unit_b, p["unit_e"]):
        for _ in range(2):
            body = declaration(unit, office_today(), world.rng)
            assert admin.post("/api/residences", json=body).status_code == 201
    truth = {
        scope: _person_ids(admin, place_id=p[scope])
        for scope in ("s1", "c1", "compound_a", "compound_b")
    }
    assert truth["compound_a"]
    assert truth["compound_b"]
    assert truth["s1"] == truth["c1"] == truth["compound_a"] | truth["compound_b"]

    assert _person_ids(world.users["station"]) == truth["s1"]
    assert _person_ids(world.users["community"]) == truth["c1"]
    assert _person_ids(world.users["compound"]) == truth["compound_a"]
    assert world.users["resident"].get("/api/persons").status_code == 403

    def stats(role: str, place: str) -> int:
        response = world.users[role].get("/api/stats/occupancy", params={"place_id": p[place]})
        return response.status_code

    assert stats("compound", "compound_a") == 200
    assert stats("compound", "compound_b") == 404
    assert stats("station", "compound_b") == 200
    assert stats("station", "compound_e") == 404
