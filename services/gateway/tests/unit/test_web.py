"""The browser app served from `/`: built files as they are (hashed assets cached for good),
the index for the app's own pages, the API's paths never shadowed, nothing outside dist."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from fastapi import FastAPI
from fastapi.testclient import TestClient

from liudong_gateway.api import web


def client(web_dir: Path) -> TestClient:
    app = FastAPI()
    app.state.settings = SimpleNamespace(web_dir=web_dir)
    app.include_router(web.router)
    return TestClient(app)


def built(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<div id=root></div>", encoding="utf-8")
    (dist / "assets" / "desk-1a2b3c.js").write_text("export {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the browser", encoding="utf-8")
    return dist


def test_the_apps_pages_open_from_any_of_its_paths(tmp_path: Path) -> None:
    browser = client(built(tmp_path))
    for path in ("/", "/desk", "/search/123"):
        answer = browser.get(path)
        assert (answer.status_code, answer.text) == (200, "<div id=root></div>")
        assert answer.headers["cache-control"] == "no-cache"
    asset = browser.get("/assets/desk-1a2b3c.js")
    assert asset.text == "export {}"
    assert "immutable" in asset.headers["cache-control"]


def test_nothing_outside_the_build_and_no_api_path_is_served(tmp_path: Path) -> None:
    browser = client(built(tmp_path))
    assert "not for the browser" not in browser.get("/..%2Fsecret.txt").text
    assert browser.get("/api/nothing-here").status_code == 404


def test_an_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    answer = client(tmp_path / "missing").get("/")
    assert answer.status_code == 503
    assert "make run" in answer.text


def test_scripts_go_gzipped_to_a_browser_that_takes_it_and_plain_to_one_that_does_not(
    tmp_path: Path,
) -> None:
    dist = built(tmp_path)
    script = "export const greeting = '欢迎';\n" * 400
    (dist / "assets" / "desk-1a2b3c.js").write_text(script, encoding="utf-8")
    (dist / "assets" / "logo.png").write_bytes(b"\x89PNG not text")
    browser = client(dist)

    zipped = browser.get("/assets/desk-1a2b3c.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(script.encode()) / 10
    assert zipped.text == script  # the client unzips it: the same script
    assert "javascript" in zipped.headers["content-type"]
    assert "immutable" in zipped.headers["cache-control"]
    assert zipped.headers["vary"] == "Accept-Encoding"

    for refusing in ("identity", "gzip;q=0, identity", ""):
        plain = browser.get("/assets/desk-1a2b3c.js", headers={"Accept-Encoding": refusing})
        assert "content-encoding" not in plain.headers
        assert plain.text == script
    image = browser.get("/assets/logo.png", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in image.headers  # already compressed: sent as it is
    page = browser.get("/desk", headers={"Accept-Encoding": "gzip"})
    assert (page.headers["content-encoding"], page.text) == ("gzip", "<div id=root></div>")


def test_a_new_build_is_served_and_not_the_gzipped_old_one(tmp_path: Path) -> None:
    dist = built(tmp_path)
    browser = client(dist)
    assert browser.get("/", headers={"Accept-Encoding": "gzip"}).text == "<div id=root></div>"
    index = dist / "index.html"
    index.write_text("<div id=root class=new></div>", encoding="utf-8")
    os.utime(index, ns=(index.stat().st_atime_ns, index.stat().st_mtime_ns + 1_000_000))
    assert "new" in browser.get("/", headers={"Accept-Encoding": "gzip"}).text
