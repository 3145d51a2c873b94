"""The full residence declaration of DOMAIN.md through the API, and its errors: every wrong
field in one answer, in the clerk's words."""

from __future__ import annotations

import random
from typing import Any

import httpx

from liudong_events.days import office_today
from tests.e2e.helpers import Tree, declaration


def _full(unit: str, rng: random.Random) -> dict[str, Any]:
    body = declaration(unit, office_today(), rng, name="孙七")
    body["person"].update(
        {
            "hukou_address": "山东省菏泽市单县园艺街道",
            "hukou_type": "1",
            "marital_status": "20",
            "political_status": "13",
            "education": "61",
            "military_service": "0",
        }
    )
    body.update(
        {
            "applies_for_permit": True,
            "employment": {
                "has_local_employer": True,
                "occupation": "厨师",
                "years_worked": 6,
                "labour_contract": True,
                "social_insurance": False,
                "employer": {
                    "name": "丹心酒楼",
                    "contact_person": "周经理",
                    "phone": "0530-1234567",
                    "address": "城关区幸福路8号",
                },
            },
            "capture": {"channel": "card", "reader_id": "SAM-05-001", "chip_serial": "A1B2C3"},
        }
    )
    return body


def test_every_field_of_the_declaration_is_kept(admin: httpx.Client, tree: Tree) -> None:
    body = _full(tree.units[tree.buildings[0]][0], random.Random(12))
    created = admin.post("/api/residences", json=body)
    assert created.status_code == 201, created.text
    person = admin.get(f"/api/persons/{created.json()['person_id']}").json()
    assert person["details"] == {
        k: body["person"][k]
        for k in (
            "hukou_address",
            "hukou_type",
            "marital_status",
            "political_status",
            "education",
            "military_service",
        )
    }
    residence = person["residences"][0]
    assert residence["declaration"]["applies_for_permit"] is True
    assert residence["declaration"]["employment"]["employer"]["name"] == "丹心酒楼"
    assert residence["capture"] == {
        "channel": "card",
        "reader_id": "SAM-05-001",
        "chip_serial": "A1B2C3",
    }
    event = admin.get(f"/api/residences/{created.json()['residence_id']}").json()["history"][0]
    assert event["data"]["employment"]["occupation"] == "厨师"


def test_every_wrong_field_is_named_at_once_in_chinese(admin: httpx.Client, tree: Tree) -> None:
    body = _full(tree.units[tree.buildings[0]][1], random.Random(13))
    del body["arrival_date"]
    body["housing_type"] = "castle"
    number = body["person"]["id_number"]
    body["person"]["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    body["person"]["ethnicity"] = "99"
    body["person"]["marital_status"] = "77"
    response = admin.post("/api/residences", json=body)
    assert response.status_code == 422
    detail = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert set(detail) == {
        ("body", "arrival_date"),
        ("body", "housing_type"),
        ("body", "person", "id_number"),
        ("body", "person", "ethnicity"),
        ("body", "person", "marital_status"),
    }
    assert detail[("body", "arrival_date")] == "到达本地日期, 必须录入, 不能为空!"
    assert "校验位" in detail[("body", "person", "id_number")]


def test_a_card_read_must_say_which_reader(admin: httpx.Client, tree: Tree) -> None:
    body = _full(tree.units[tree.buildings[1]][0], random.Random(14))
    body["capture"] = {"channel": "card"}
    response = admin.post("/api/residences", json=body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "capture", "reader_id"]]


def _valid(body17: str) -> str:
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")


def test_other_identity_documents(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(15)
    unit = tree.units[tree.buildings[1]][1]
    old = declaration(unit, office_today(), rng)
    old["person"].update({"id_number": "110105491231002", "sex": "2", "birth_date": "1949-12-31"})
    created = admin.post("/api/residences", json=old)
    assert created.status_code == 201, created.text
    found = admin.get("/api/persons", params={"id_number": "110105491231002"}).json()
    assert [i["person_id"] for i in found["items"]] == [created.json()["person_id"]]
    assert admin.get(f"/api/persons/{created.json()['person_id']}").json()["id_number"] == (
        "11010519491231002X"
    )

    permit = declaration(unit, office_today(), rng)
    permit["person"].update(
        {"id_number": _valid("81000019900101001"), "sex": "1", "birth_date": "1990-01-01"}
    )
    hk = admin.post("/api/residences", json=permit)
    assert hk.status_code == 201, hk.text
    assert admin.get(f"/api/persons/{hk.json()['person_id']}").json()["id_type"] == "hmt_permit"

    people = []
    for nationality in ("USA", "GBR"):
        body = declaration(unit, office_today(), rng)
        body["person"].update(
            {"id_type": "passport", "id_number": "E12345678", "nationality": nationality}
        )
        response = admin.post("/api/residences", json=body)
        assert response.status_code == 201, response.text
        people.append(response.json()["person_id"])
    assert people[0] != people[1], "the same passport number of two countries: two people"
    nameless = declaration(unit, office_today(), rng)
    nameless["person"].update({"id_type": "passport", "id_number": "E7654321"})
    refused = admin.post("/api/residences", json=nameless)
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["detail"]] == [["body", "person", "nationality"]]
