"""Statistics agree with a count done independently from the registry's event store: at
every level of the tree, in every breakdown, day by day, for live data and after a rebuild."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from stdnum.cn import ric

from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, add_place, create_user, declaration, eventually, occupancy


def period_start() -> date:
    """Twenty days back: the period the figures are asked for (computed when asked, as the
    office's day is: a value from collection time goes stale past midnight)."""
    return office_today() - timedelta(days=20)


def period() -> dict[str, str]:
    return {"from": period_start().isoformat(), "to": office_today().isoformat()}


REGIONS = ("110105", "320102", "320104", "429004", "510104")
HOUSING = ("rented", "dormitory", "own_house")
REASONS = ("work", "study", "family")
PROVINCES = {"11": "110000", "32": "320000", "42": "420000", "51": "510000"}


def person(rng: random.Random) -> dict[str, Any]:
    sex = rng.choice("12")
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
    order = rng.randrange(0, 998)
    order += (order % 2 == 1) != (sex == "1")
    body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{order:03d}"
    return {
        "id_number": body + ric.calc_check_digit(body + "0"),
        "name": f"居民{rng.randrange(10**6)}",
        "sex": sex,
        "ethnicity": "01",
        "birth_date": born.isoformat(),
    }


def populate(admin: httpx.Client, tree: Tree, rng: random.Random, people: int) -> None:
    """Arrivals before and in the period, departures, cancellations and moves."""
    units = [u for us in tree.units.values() for u in us]
    for i in range(people):
        arrival = office_today() - timedelta(days=rng.randrange(0, 40))
        body = {
            "unit_id": rng.choice(units),
            "arrival_date": arrival.isoformat(),
            "person": person(rng),
            "housing_type": rng.choice(HOUSING),
            "reason": rng.choice(REASONS),
        }
        created = admin.post("/api/residences", json=body)
        assert created.status_code == 201, created.text
        residence = created.json()["residence_id"]
        if i % 5 == 1:
            left = arrival + timedelta(days=rng.randrange(0, (office_today() - arrival).days + 1))
            departed = admin.post(
                f"/api/residences/{residence}/departure", json={"departure_date": left.isoformat()}
            )
            assert departed.status_code == 200, departed.text
        elif i % 5 == 2:
            admin.post(
                f"/api/residences/{residence}/cancellation", json={"reason": "录入错误"}
            ).raise_for_status()
        elif i % 5 in (3, 4):
            # A move and a correction of the name, the correction before the move or after
            # it: the new check-in says the name its form gave.
            corrected = f"更正{i}"
            if i % 5 == 4:
                correct_name(admin, created.json()["person_id"], corrected)
            elsewhere = rng.choice([u for u in units if u != body["unit_id"]])
            moved = {**body, "unit_id": elsewhere, "arrival_date": office_today().isoformat()}
            again = admin.post("/api/residences", json=moved)
            assert again.status_code == 201, again.text
            if i % 5 == 3:
                correct_name(admin, created.json()["person_id"], corrected)


def correct_name(admin: httpx.Client, person_id: str, name: str) -> None:
    amended = admin.patch(f"/api/persons/{person_id}", json={"name": name, "reason": "更正"})
    assert amended.status_code == 200, amended.text


def residences(suite: Suite, tree: Tree) -> list[dict[str, Any]]:
    """Every residence of the tree, read from the registry's events alone."""
    found: dict[str, dict[str, Any]] = {}
    with psycopg.connect(suite.database_urls["registry"]) as conn:
        rows = conn.execute(
            "SELECT type, data FROM events WHERE type LIKE 'liudong.residence.%%'"
            " AND data->'place_path' ? %s ORDER BY position",
            (tree.district,),
        ).fetchall()
    for kind, data in rows:
        if kind == "liudong.residence.checked_in":
            found[data["residence_id"]] = {
                **data,
                "arrival": date.fromisoformat(data["arrival_date"]),
            }
        elif kind == "liudong.residence.departed":
            found[data["residence_id"]]["departure"] = date.fromisoformat(data["departure_date"])
        else:
            found[data["residence_id"]]["cancelled"] = True
    return [r for r in found.values() if not r.get("cancelled")]


def figures(
    rows: list[dict[str, Any]], start: date | None = None, end: date | None = None
) -> dict[str, int]:
    start, end = start or period_start(), end or office_today()

    def current(r: dict[str, Any]) -> bool:
        return r["arrival"] <= end and ("departure" not in r or r["departure"] > end)

    return {
        "checked_in": sum(start <= r["arrival"] <= end for r in rows),
        "departed": sum("departure" in r and start <= r["departure"] <= end for r in rows),
        "current": sum(current(r) for r in rows),
    }


def age(r: dict[str, Any]) -> int:
    born = date.fromisoformat(r["birth_date"])
    return (
        office_today().year
        - born.year
        - ((office_today().month, office_today().day) < (born.month, born.day))
    )


def band(years: int) -> str:
    for high, name in ((17, "0-17岁"), (29, "18-29岁"), (39, "30-39岁"), (49, "40-49岁")):
        if years <= high:
            return name
    return "50-59岁" if years <= 59 else "60岁以上"


GROUPS: dict[str, Callable[[dict[str, Any]], str]] = {
    "sex": lambda r: r["sex"],
    "housing_type": lambda r: r["housing_type"],
    "reason": lambda r: r["reason"],
    "origin_province": lambda r: PROVINCES[r["origin_region"][:2]],
    "age_band": lambda r: band(age(r)),
}


def expected(suite: Suite, tree: Tree) -> dict[str, Any]:
    rows = residences(suite, tree)
    places = [tree.district, tree.station, tree.community, tree.compound, *tree.buildings]
    places += [u for us in tree.units.values() for u in us]
    levels = {p: figures([r for r in rows if p in r["place_path"]]) for p in places}
    breakdowns = {}
    for by, key in GROUPS.items():
        keys = Counter(key(r) for r in rows)
        breakdowns[by] = {k: figures([r for r in rows if key(r) == k]) for k in keys}
        breakdowns[by] = {k: v for k, v in breakdowns[by].items() if any(v.values())}
    days = [
        period_start() + timedelta(days=n)
        for n in range((office_today() - period_start()).days + 1)
    ]
    series = [
        (
            d,
            sum(r["arrival"] == d for r in rows),
            sum(r.get("departure") == d for r in rows),
            figures(rows, d, d)["current"],
        )
        for d in days
    ]
    return {"levels": levels, "breakdowns": breakdowns, "series": series}


def answered(admin: httpx.Client, tree: Tree, wanted: dict[str, Any]) -> dict[str, Any]:
    levels = {p: occupancy(admin, p, **period())["totals"] for p in wanted["levels"]}
    breakdowns = {}
    for by in GROUPS:
        response = admin.get(
            "/api/stats/breakdown", params={"place_id": tree.district, "by": by, **period()}
        )
        assert response.status_code == 200, response.text
        breakdowns[by] = {
            item["key"]: {k: item[k] for k in ("checked_in", "departed", "current")}
            for item in response.json()["items"]
            if any(item[k] for k in ("checked_in", "departed", "current"))
        }
    response = admin.get("/api/stats/series", params={"place_id": tree.district, **period()})
    assert response.status_code == 200, response.text
    series = [
        (date.fromisoformat(i["period"]), i["arrivals"], i["departures"], i["residents"])
        for i in response.json()["items"]
    ]
    return {"levels": levels, "breakdowns": breakdowns, "series": series}


def test_every_figure_agrees_with_the_event_store_live_and_rebuilt(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    populate(admin, tree, random.Random(61), people=40)
    truth = expected(suite, tree)
    assert truth["levels"][tree.district]["current"] > 0
    eventually(lambda: answered(admin, tree, truth) == truth, timeout=30)
    live = residents_and_work(admin, tree)

    rebuild(admin)
    assert answered(admin, tree, truth) == truth
    assert residents_and_work(admin, tree) == live


def rebuild(admin: httpx.Client) -> None:
    """A rebuild, to its switch-over."""
    rebuilt = admin.post("/api/stats/rebuild")
    assert rebuilt.status_code == 202, rebuilt.text

    def switched() -> bool:
        state = admin.get("/api/stats/rebuild").json()["state"]
        assert state != "failed"
        return bool(state == "done")

    eventually(switched, timeout=60)


def test_a_moved_compound_counts_under_its_new_community_live_and_rebuilt(
    admin: httpx.Client, tree: Tree
) -> None:
    """A check-in's event says the path of its day; after a move, the figures follow the
    tree as it stands, for every period, and a rebuild says the same."""
    other = add_place(admin, "community", "西关社区", tree.station)
    rng = random.Random(68)
    units = [u for us in tree.units.values() for u in us]
    for days_ago in (9, 5):
        body = declaration(rng.choice(units), office_today() - timedelta(days=days_ago), rng)
        assert admin.post("/api/residences", json=body).status_code == 201
    moved = admin.post(f"/api/places/{tree.compound}/move", json={"parent_id": other})
    assert moved.status_code == 200, moved.text
    body = declaration(rng.choice(units), office_today() - timedelta(days=2), rng)
    assert admin.post("/api/residences", json=body).status_code == 201
    wanted = {"checked_in": 3, "departed": 0, "current": 3}

    def seen() -> dict[str, Any]:
        return {
            p: (occupancy(admin, p, **period())["totals"], series(admin, p))
            for p in (tree.community, other, tree.station)
        }

    eventually(lambda: seen()[other][0] == wanted, timeout=30)
    live = seen()
    assert live[tree.community][0] == {"checked_in": 0, "departed": 0, "current": 0}
    assert live[tree.station] == live[other]
    assert sum(arrivals for _day, arrivals in live[other][1]) == 3
    rebuild(admin)
    assert seen() == live


def series(admin: httpx.Client, place: str) -> list[tuple[str, int]]:
    response = admin.get("/api/stats/series", params={"place_id": place, **period()})
    assert response.status_code == 200, response.text
    return [(i["period"], i["arrivals"]) for i in response.json()["items"] if i["arrivals"]]


def residents_and_work(admin: httpx.Client, tree: Tree) -> dict[str, Any]:
    """Each unit's residents (their names as corrected) and the staff work figures."""
    units = [u for us in tree.units.values() for u in us]
    work = admin.get("/api/stats/work", params={"place_id": tree.district, **period()})
    assert work.status_code == 200, work.text
    return {
        "residents": {u: occupancy(admin, u, **period())["children"] for u in units},
        "work": work.json(),
    }


def test_monthly_series_and_figures_as_of_a_past_date(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    populate(admin, tree, random.Random(62), people=15)
    rows = residences(suite, tree)
    past = office_today() - timedelta(days=10)
    eventually(
        lambda: occupancy(admin, tree.district, **period())["totals"] == figures(rows), timeout=30
    )
    as_of = occupancy(admin, tree.district, as_of=past.isoformat())["totals"]
    assert as_of["current"] == figures(rows, past, past)["current"]

    months = admin.get(
        "/api/stats/series",
        params={"place_id": tree.district, "interval": "month", **period()},
    ).json()["items"]
    assert sum(m["arrivals"] for m in months) == figures(rows)["checked_in"]
    assert months[-1]["residents"] == figures(rows)["current"]
    too_long = admin.get(
        "/api/stats/series",
        params={"place_id": tree.district, "from": "2020-01-01", "to": office_today().isoformat()},
    )
    assert too_long.status_code == 422


def test_lag_says_how_far_each_projection_is_behind(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    populate(admin, tree, random.Random(63), people=5)
    rows = residences(suite, tree)
    eventually(
        lambda: (
            occupancy(admin, tree.district)["totals"]["current"]
            == figures(rows, office_today(), office_today())["current"]
        )
    )

    def caught_up() -> dict[str, Any] | None:
        lag = admin.get("/api/stats/lag").json()["projections"]
        found = {p["name"]: p for p in lag}["stats.occupancy"]
        return found if found["measured_at"] and found["behind_events"] == 0 else None

    projection = eventually(caught_up)
    assert projection["applied_events"] > 0
    assert projection["behind_seconds"] == 0
    metrics = httpx.get(f"{suite.url('stats')}/metrics").text
    assert 'liudong_consumer_behind_events{consumer="stats.occupancy"} 0.0' in metrics
    counted = [
        line
        for line in metrics.splitlines()
        if line.startswith('liudong_consumer_lag_seconds_count{consumer="stats.occupancy"}')
    ]
    assert float(counted[0].rsplit(" ", 1)[1]) >= len(rows)


def test_a_rebuild_shows_its_progress_and_never_leaves_the_figures_empty(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    populate(admin, tree, random.Random(64), people=10)
    rows = residences(suite, tree)
    live = figures(rows)
    eventually(lambda: occupancy(admin, tree.district, **period())["totals"] == live, timeout=30)

    started = admin.post("/api/stats/rebuild")
    assert started.status_code == 202, started.text
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        progress = admin.get("/api/stats/rebuild").json()
        # Throughout, the live tables answer, and answer the same.
        assert occupancy(admin, tree.district, **period())["totals"] == live
        seen.append(progress["state"])
        if progress["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert progress["state"] == "done", progress
    assert progress["percent"] == 100
    assert progress["applied"] >= progress["total"] > len(rows)
    assert occupancy(admin, tree.district, **period())["totals"] == live
    populate(admin, tree, random.Random(65), people=3)  # the live loop goes on after the switch
    eventually(
        lambda: (
            occupancy(admin, tree.district, **period())["totals"]
            == figures(residences(suite, tree))
        ),
        timeout=30,
    )


def test_the_rebuild_command_shows_a_progress_bar_and_ends_with_the_switch(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    populate(admin, tree, random.Random(66), people=4)
    done = subprocess.run(
        [Path(sys.executable).parent / "liudong", "rebuild-stats", "--url", suite.gateway_url],
        env={**os.environ, "LIUDONG_ADMIN_PASSWORD": ADMIN_PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "重建统计" in done.stderr  # tqdm draws on stderr
    assert "100%" in done.stderr
    assert "rebuilt from" in done.stdout
    assert admin.get("/api/stats/rebuild").json()["state"] == "done"


def read_pictures(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The `figures` events of a server-sent event stream, as they come."""
    event = None
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "figures":
            yield json.loads(line.removeprefix("data: "))


def test_the_big_screen_feed_pushes_each_change(admin: httpx.Client, tree: Tree) -> None:
    unit = tree.units[tree.buildings[0]][0]
    rng = random.Random(67)
    # The places reach statistics a moment after they are made (each on its partition).
    eventually(lambda: all(known(admin, p) for p in (tree.compound, unit)), timeout=30)
    with admin.stream(
        "GET", "/api/stats/feed", params={"place_id": tree.district}, timeout=30
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        pictures = read_pictures(stream.iter_lines())
        first = next(pictures)
        assert first["place"]["id"] == tree.district
        assert [c["place_id"] for c in first["compounds"]] == [tree.compound]
        body = {
            "unit_id": unit,
            "arrival_date": office_today().isoformat(),
            "person": person(rng),
            "housing_type": "rented",
            "reason": "work",
        }
        assert admin.post("/api/residences", json=body).status_code == 201
        changed = next(p for p in pictures if p["current"] != first["current"])
    assert changed["current"] == first["current"] + 1
    assert changed["arrivals_today"] == first["arrivals_today"] + 1
    assert changed["compounds"][0]["arrivals"] == first["compounds"][0]["arrivals"] + 1


def test_a_compound_stands_on_the_big_screen_where_its_record_places_it(
    admin: httpx.Client, tree: Tree
) -> None:
    eventually(lambda: known(admin, tree.compound), timeout=30)
    assert first_picture(admin, tree.district)["compounds"][0]["lng"] is None  # not placed yet
    profile = {"property_company": {"name": "幸福物业"}, "location": {"lng": 116.4, "lat": 39.9}}
    saved = admin.put(f"/api/compounds/{tree.compound}/profile", json=profile)
    assert saved.json()["location"] == {"lng": 116.4, "lat": 39.9}, saved.text
    eventually(
        lambda: (
            {(c["lng"], c["lat"]) for c in first_picture(admin, tree.district)["compounds"]}
            == {(116.4, 39.9)}
        )
    )
    off_the_globe = {**profile, "location": {"lng": 190, "lat": 39.9}}
    refused = admin.put(f"/api/compounds/{tree.compound}/profile", json=off_the_globe)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-2:] == ["location", "lng"]


def first_picture(admin: httpx.Client, place_id: str) -> dict[str, Any]:
    with admin.stream("GET", "/api/stats/feed", params={"place_id": place_id}, timeout=30) as s:
        return next(read_pictures(s.iter_lines()))


def known(admin: httpx.Client, place_id: str) -> bool:
    """Statistics have the place (its creation event applied)."""
    response = admin.get("/api/stats/occupancy", params={"place_id": place_id})
    return response.status_code == 200


def test_staff_work_figures_count_each_user_and_the_monthly_deadline(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    name = f"clerk-{uuid.uuid4().hex[:8]}"
    create_user(admin, name, "community", tree.community, "clerk-password-42")
    clerk = login(suite.gateway_url, name, "clerk-password-42")
    rng = random.Random(68)
    unit = tree.units[tree.buildings[0]][0]
    long_ago = (office_today().replace(day=1) - timedelta(days=40)).replace(
        day=15
    )  # two months back

    def check_in(who: httpx.Client, arrival: date) -> dict[str, Any]:
        body = {
            "unit_id": unit,
            "arrival_date": arrival.isoformat(),
            "person": person(rng),
            "housing_type": "rented",
            "reason": "work",
        }
        response = who.post("/api/residences", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    on_time = check_in(clerk, office_today())
    check_in(clerk, long_ago)  # entered after its month's deadline
    by_admin = check_in(admin, office_today())
    clerk.patch(
        f"/api/persons/{on_time['person_id']}", json={"phone": "13911112222", "reason": "更正"}
    ).raise_for_status()
    clerk.post(
        f"/api/residences/{by_admin['residence_id']}/cancellation", json={"reason": "录入错误"}
    ).raise_for_status()
    period = {
        "place_id": tree.compound,
        "from": long_ago.isoformat(),
        "to": office_today().isoformat(),
    }

    def figures_now() -> dict[str, Any]:
        return dict(admin.get("/api/stats/work", params=period).json())

    eventually(lambda: sum(u["cancelled"] for u in figures_now()["by_user"]) == 1, timeout=30)
    work = figures_now()
    users = {u["username"]: (u["entered"], u["corrected"], u["cancelled"]) for u in work["by_user"]}
    assert users == {name: (2, 1, 1), "admin": (1, 0, 0)}
    assert [(p["place_id"], p["entered"]) for p in work["by_place"]] == [(tree.buildings[0], 3)]
    months = {m["month"]: (m["changes"], m["on_time"], m["late"]) for m in work["timeliness"]}
    assert months[long_ago.replace(day=1).isoformat()] == (1, 0, 1)
    assert months[office_today().replace(day=1).isoformat()] == (2, 2, 0)


def test_the_monthly_workbook_opens_in_libreoffice_and_its_totals_match_the_api(
    admin: httpx.Client, suite: Suite, tree: Tree, tmp_path: Path
) -> None:
    populate(admin, tree, random.Random(69), people=12)
    rows = residences(suite, tree)
    eventually(lambda: occupancy(admin, tree.district, **period())["totals"] == figures(rows))
    response = admin.get("/api/stats/report", params={"place_id": tree.district, **period()})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    book = tmp_path / "report.xlsx"
    book.write_bytes(response.content)

    sheets = libreoffice_csv(book, tmp_path)

    api = occupancy(admin, tree.district, **period())
    totals = [str(api["totals"][k]) for k in ("checked_in", "departed", "current")]
    cover = dict(line[:2] for line in sheets["封面"] if len(line) >= 2)
    assert cover["辖区"].startswith("城关区")
    assert cover["统计期间"] == f"{period_start().isoformat()} 至 {office_today().isoformat()}"
    assert [cover[k] for k in ("本期入住", "本期离开", "期末在住")] == totals
    for sheet in ("分级统计", "户籍地(省)", "住所类别", "居住事由", "年龄段", "性别"):
        assert sheets[sheet][-1] == ["合计", *totals], sheet
        body = sheets[sheet][1:-1]
        sums = [str(sum(int(line[c]) for line in body)) for c in (1, 2, 3)]
        assert sums == totals, sheet  # the rows add up to the totals
    assert [line[0] for line in sheets["分级统计"][1:-1]] == ["东关派出所"]


def libreoffice_csv(book: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook as LibreOffice reads it (headless, one CSV a sheet)."""
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sheets = {}
    for path in out.glob(f"{book.stem}-*.csv"):
        with path.open(encoding="utf-8") as lines:
            sheets[path.stem.removeprefix(f"{book.stem}-")] = list(csv.reader(lines))
    assert sheets, done.stdout + done.stderr
    return sheets
