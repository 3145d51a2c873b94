"""The API.md scenario through the gateway: places, check-in, move, departure, cancellation,
and the occupancy figures at district, compound, building and unit level."""

from __future__ import annotations

import contextlib
import json
import random
import uuid
from datetime import timedelta

import httpx

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, add_place, create_user, declaration, eventually, occupancy


def figures(client: httpx.Client, place_id: str, **params: str) -> dict[str, int]:
    return dict(occupancy(client, place_id, **params)["totals"])


def test_health_is_ok_once_everything_is_ready(suite: Suite) -> None:
    response = httpx.get(f"{suite.gateway_url}/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_check_in_moves_the_count_at_every_level(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(1)
    building = tree.buildings[0]
    unit = tree.units[building][0]
    response = admin.post("/api/residences", json=declaration(unit, office_today(), rng))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "active"

    expected = {"checked_in": 1, "departed": 0, "current": 1}
    for place in (tree.district, tree.compound, building, unit):
        eventually(lambda p=place: figures(admin, p) == expected)  # type: ignore[misc]
    compound = occupancy(admin, tree.compound)
    by_building = {c["place_id"]: c["current"] for c in compound["children"]}
    assert by_building == {building: 1, tree.buildings[1]: 0}
    persons = occupancy(admin, unit)["children"]
    assert [p["name"] for p in persons] == ["张三"]


def test_move_departure_and_cancellation(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(2)
    first, second = tree.units[tree.buildings[0]][:2]
    other = tree.units[tree.buildings[1]][0]
    body = declaration(first, office_today() - timedelta(days=10), rng, name="李四")
    old = admin.post("/api/residences", json=body).json()
    moved = admin.post(
        "/api/residences",
        json={
            **body,
            "unit_id": second,
            "arrival_date": (office_today() - timedelta(days=3)).isoformat(),
        },
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["person_id"] == old["person_id"]
    assert admin.get(f"/api/residences/{old['residence_id']}").json()["status"] == "departed"

    stay = admin.post(
        "/api/residences", json=declaration(other, office_today(), rng, name="王五")
    ).json()
    period = {
        "from": (office_today() - timedelta(days=30)).isoformat(),
        "to": office_today().isoformat(),
    }
    eventually(
        lambda: (
            figures(admin, tree.district, **period)
            == {"checked_in": 3, "departed": 1, "current": 2}
        )
    )

    gone = admin.post(
        f"/api/residences/{moved.json()['residence_id']}/departure",
        json={"departure_date": office_today().isoformat(), "reason": "返乡"},
    )
    assert gone.json() == {"residence_id": moved.json()["residence_id"], "status": "departed"}
    wrong = admin.post(
        f"/api/residences/{stay['residence_id']}/cancellation", json={"reason": "录入错误"}
    )
    assert wrong.json()["status"] == "cancelled"

    # The cancelled stay counts nowhere; the mover has left both units.
    eventually(
        lambda: (
            figures(admin, tree.district, **period)
            == {"checked_in": 2, "departed": 2, "current": 0}
        )
    )
    yesterday = {**period, "to": (office_today() - timedelta(days=1)).isoformat()}
    assert figures(admin, second, **yesterday) == {"checked_in": 1, "departed": 0, "current": 1}
    history = admin.get(f"/api/residences/{old['residence_id']}").json()["history"]
    assert [h["type"] for h in history] == [
        "liudong.residence.checked_in",
        "liudong.residence.departed",
    ]
    assert history[1]["data"]["moved_to_residence_id"] == moved.json()["residence_id"]


def test_bad_declaration_names_every_wrong_field_and_changes_nothing(
    admin: httpx.Client, tree: Tree
) -> None:
    rng = random.Random(3)
    unit = tree.units[tree.buildings[0]][2]
    body = declaration(unit, office_today(), rng)
    body["person"] = {**body["person"], "sex": "2", "birth_date": "1901-01-01"}
    response = admin.post("/api/residences", json=body)
    assert response.status_code == 422
    fields = {tuple(d["loc"]) for d in response.json()["detail"]}
    assert fields == {("body", "person", "sex"), ("body", "person", "birth_date")}

    broken = declaration(unit, office_today(), rng)
    broken["person"]["id_number"] = broken["person"]["id_number"][:-1] + (
        "0" if broken["person"]["id_number"][-1] != "0" else "1"
    )
    response = admin.post("/api/residences", json=broken)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "person", "id_number"]

    late = admin.post(
        "/api/residences/00000000-0000-0000-0000-000000000000/departure",
        json={"departure_date": office_today().isoformat()},
    )
    assert late.status_code == 404
    assert figures(admin, unit) == {"checked_in": 0, "departed": 0, "current": 0}


def test_departure_before_arrival_is_refused(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(4)
    unit = tree.units[tree.buildings[1]][1]
    created = admin.post("/api/residences", json=declaration(unit, office_today(), rng)).json()
    response = admin.post(
        f"/api/residences/{created['residence_id']}/departure",
        json={"departure_date": (office_today() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "departure_date"]
    again = admin.post(
        f"/api/residences/{created['residence_id']}/cancellation", json={"reason": "重复录入"}
    )
    assert again.status_code == 200
    twice = admin.post(
        f"/api/residences/{created['residence_id']}/cancellation", json={"reason": "重复录入"}
    )
    assert twice.status_code == 409


def test_search_by_id_number_name_and_pinyin_initials(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(5)
    unit = tree.units[tree.buildings[0]][0]
    body = declaration(unit, office_today(), rng, name="单明")
    admin.post("/api/residences", json=body).raise_for_status()
    number = body["person"]["id_number"]

    by_number = admin.get("/api/persons", params={"id_number": number}).json()
    assert by_number["total"] == 1
    masked = by_number["items"][0]["id_number_masked"]
    assert masked == number[:6] + "********" + number[-4:]
    assert number not in str(by_number)
    for query in ("单明", "sm", "dm", "单", "S"):
        found = admin.get("/api/persons", params={"name": query, "place_id": tree.district})
        assert any(i["name"] == "单明" for i in found.json()["items"]), query
    nobody = admin.get("/api/persons", params={"name": "xyz", "place_id": tree.district})
    assert nobody.json()["total"] == 0

    person_id = by_number["items"][0]["person_id"]
    detail = admin.get(f"/api/persons/{person_id}").json()
    assert detail["id_number"] == number
    assert detail["residences"][0]["status"] == "active"


def test_two_letters_find_and_count_the_same_whoever_asks(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    """Two letters are answered from the search keys (a station user, everywhere for an
    admin), a place filter from the residences: the same persons either way, page by page."""
    rng = random.Random(21)
    units = [u for us in tree.units.values() for u in us]
    for name in ("刘洋", "李勇", "柳叶", "乐园", "LY TRAN", "李娜"):
        body = declaration(rng.choice(units), office_today(), rng, name=name)
        if name.isascii():
            body["person"].update(
                {
                    "id_type": "passport",
                    "id_number": f"E{rng.randrange(10**8)}",
                    "nationality": "GBR",
                }
            )
        admin.post("/api/residences", json=body).raise_for_status()
    user = f"s{rng.randrange(10**8)}"
    create_user(admin, user, "station", tree.station, "station-pass-1")
    with contextlib.closing(login(suite.gateway_url, user, "station-pass-1")) as clerk:
        for key in ("ly", "LN", "yy"):
            for page in (1, 2):
                params = {"name": key, "page": str(page), "page_size": "3"}
                keyed = clerk.get("/api/persons", params=params).json()
                filtered = admin.get(
                    "/api/persons", params={**params, "place_id": tree.station}
                ).json()
                assert keyed == filtered, (key, page)
            assert keyed["total"] >= (3 if key == "ly" else 1), key
    everywhere = admin.get("/api/persons", params={"name": "ly", "page_size": "100"}).json()
    assert {"刘洋", "李勇", "柳叶", "LY TRAN"} <= {i["name"] for i in everywhere["items"]}


def test_search_by_responsible_officer(admin: httpx.Client, tree: Tree) -> None:
    """管辖民警: whoever lives under the places an officer is assigned to, and no one else."""
    rng = random.Random(6)
    inside, outside = tree.units[tree.buildings[0]][0], tree.units[tree.buildings[1]][0]
    for unit, name in ((inside, "李楼一"), (outside, "李楼二")):
        admin.post("/api/residences", json=declaration(unit, office_today(), rng, name=name))
    officer = str(uuid.uuid4())
    assigned = admin.put(
        f"/api/places/{tree.buildings[0]}/officer",
        json={"officer_id": officer, "officer_name": "王警官"},
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["officer_name"] == "王警官"

    def names() -> list[str]:
        found = admin.get("/api/persons", params={"officer_id": officer}).json()
        return sorted(i["name"] for i in found["items"])

    assert eventually(names) == ["李楼一"]
    admin.put(f"/api/places/{tree.buildings[0]}/officer", json={"officer_id": None})
    eventually(lambda: names() == [])
    for place, body in (
        (inside, {"officer_id": officer, "officer_name": "王警官"}),
        (tree.compound, {"officer_id": officer}),
    ):
        refused = admin.put(f"/api/places/{place}/officer", json=body)
        assert refused.status_code == 422, refused.text


def test_a_page_past_the_end_still_counts_the_matches(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(8)
    for name in ("赵一", "赵二", "赵三"):
        body = declaration(tree.units[tree.buildings[0]][1], office_today(), rng, name=name)
        admin.post("/api/residences", json=body).raise_for_status()
    params = {"place_id": tree.compound, "name": "赵", "page_size": "2"}
    first = admin.get("/api/persons", params=params).json()
    assert ([i["name"] for i in first["items"]], first["total"]) == (["赵一", "赵三"], 3)
    beyond = admin.get("/api/persons", params={**params, "page": "9"}).json()
    assert (beyond["items"], beyond["total"]) == ([], 3)


def test_scope_hides_other_stations(admin: httpx.Client, suite: Suite, tree: Tree) -> None:
    rng = random.Random(6)
    unit = tree.units[tree.buildings[0]][1]
    admin.post("/api/residences", json=declaration(unit, office_today(), rng)).raise_for_status()
    other_station = admin.post(
        "/api/places", json={"kind": "station", "name": "西关派出所", "parent_id": tree.district}
    ).json()["id"]
    created = admin.post(
        "/api/users",
        json={
            "username": f"west{rng.randrange(10**6)}",
            "password": "west-station-1",
            "role": "station",
            "scope_place_id": other_station,
        },
    )
    assert created.status_code == 201, created.text
    west = login(suite.gateway_url, created.json()["username"], "west-station-1")
    with contextlib.closing(west):
        assert (
            west.get("/api/stats/occupancy", params={"place_id": tree.compound}).status_code == 404
        )
        assert west.get(f"/api/places/{unit}").status_code == 404
        assert west.get("/api/persons", params={"place_id": tree.district}).json()["total"] == 0
        refused = west.post("/api/residences", json=declaration(unit, office_today(), rng))
        assert refused.status_code == 404
        assert occupancy(west, other_station)["totals"]["current"] == 0


def test_a_station_finds_by_name_whoever_lived_under_it_and_no_one_else(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    """A move adds the new station to where a person is found: both stations find them
    afterwards (history), a third does not; a Latin name is found by its beginning."""
    rng = random.Random(9)
    east_unit = tree.units[tree.buildings[0]][2]
    west = add_place(admin, "station", "西站", tree.district)
    west_unit = add_place(
        admin,
        "unit",
        "101室",
        add_place(
            admin,
            "building",
            "1号楼",
            add_place(admin, "compound", "西苑", add_place(admin, "community", "西社区", west)),
        ),
    )
    body = declaration(east_unit, office_today() - timedelta(days=10), rng, name="OUYANG SMITH")
    body["person"].update({"id_type": "passport", "id_number": "E55443322", "nationality": "GBR"})
    admin.post("/api/residences", json=body).raise_for_status()
    moved = {**body, "unit_id": west_unit, "arrival_date": office_today().isoformat()}
    admin.post("/api/residences", json=moved).raise_for_status()
    far = add_place(admin, "station", "北站", tree.district)
    for scope, expected in ((tree.station, 1), (west, 1), (far, 0)):
        name = f"s{rng.randrange(10**8)}"
        create_user(admin, name, "station", scope, "station-pass-1")
        with contextlib.closing(login(suite.gateway_url, name, "station-pass-1")) as clerk:
            for query in ("OUYANG", "ouyang"):
                found = clerk.get("/api/persons", params={"name": query}).json()
                assert found["total"] == expected, (scope, query, found)


def test_requests_without_a_valid_token_are_refused(suite: Suite) -> None:
    anonymous = httpx.get(f"{suite.gateway_url}/api/persons")
    assert anonymous.status_code == 401
    forged = httpx.get(
        f"{suite.gateway_url}/api/persons", headers={"Authorization": "Bearer not.a.token"}
    )
    assert forged.status_code == 401
    wrong = httpx.post(
        f"{suite.gateway_url}/api/auth/token",
        data={"username": "admin", "password": "wrong-password"},
    )
    assert wrong.status_code == 401


def test_docs_publish_every_service_path_and_every_service_has_metrics(suite: Suite) -> None:
    paths = httpx.get(f"{suite.gateway_url}/openapi.json").json()["paths"]
    for path in (
        "/api/auth/token",
        "/api/places",
        "/api/residences",
        "/api/persons",
        "/api/stats/occupancy",
    ):
        assert path in paths, path
    for name in ("registry", "housing", "stats", "gateway"):
        metrics = httpx.get(f"{suite.url(name)}/metrics").text
        assert "liudong_http_request_duration_seconds" in metrics, name


def test_the_request_id_travels_to_the_service_and_back(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    response = admin.get(f"/api/places/{tree.compound}", headers={"X-Request-ID": "trace-me-42"})
    assert response.headers["x-request-id"] == "trace-me-42"

    def logged() -> list[dict[str, object]]:  # written just after the answer went out
        lines = (suite.log_dir / "housing.log").read_text().splitlines()
        return [json.loads(line) for line in lines if "trace-me-42" in line]

    entries = eventually(logged, timeout=5)
    assert entries[-1]["route"] == "/api/places/{place_id}"
    own = admin.get(f"/api/places/{tree.compound}")
    assert own.headers["x-request-id"] not in ("", "trace-me-42")


def test_dictionaries_answer_by_code_characters_or_initials(admin: httpx.Client) -> None:
    by_initials = admin.get("/api/dictionaries/ethnicity", params={"q": "hz"}).json()
    assert by_initials["items"][0] == {
        "code": "01",
        "name": "汉族",
        "initials": "hz",
        "parent": None,
    }
    assert by_initials["source"].startswith("GB/T 3304")
    towns = admin.get("/api/dictionaries/division", params={"parent": "371722"}).json()
    assert towns["items"]
    assert admin.get("/api/dictionaries/religion").status_code == 404


def test_search_pages_and_sorts(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(77)
    unit = tree.units[tree.buildings[1]][2]
    for days in (9, 3, 6):
        admin.post(
            "/api/residences", json=declaration(unit, office_today() - timedelta(days=days), rng)
        )
    params = {"place_id": unit, "page_size": "2"}
    first = admin.get("/api/persons", params={**params, "sort": "-arrival_date"}).json()
    rest = admin.get("/api/persons", params={**params, "sort": "-arrival_date", "page": "2"}).json()
    arrivals = [i["residence"]["arrival_date"] for i in first["items"] + rest["items"]]
    assert first["total"] == 3
    assert arrivals == sorted(arrivals, reverse=True)
    assert admin.get("/api/persons", params={**params, "sort": "id_number"}).status_code == 422
