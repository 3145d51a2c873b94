"""The web app's weight and the desk's readiness: the JavaScript the first page load carries
(gzipped, as web/dist holds it), what the desk route adds, and how long the registration
desk takes on localhost from navigation until a clerk can type and save, in Debian's
Chromium at 1366×768 against a whole suite started for the run.

    python -m bench.web [--loads 20] [--record] [--keep]

A cold load starts a new browser context (empty cache); a warm one reloads the page in the
same context. "Interactive": the save button and the ID number field are on the page and
enabled, and the code tables the form's selects need have arrived."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, Response

from bench import report
from bench.stack import ADMIN_PASSWORD, Stack, run_on_new_stack, say, start_database, start_services
from liudong_devstack.client import login
from liudong_events.days import OFFICE_ZONE_NAME
from tests.e2e.browser import LAPTOP, chromium
from tests.e2e.helpers import build_tree, create_user

DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
PASSWORD = "bench-desk-password"
READY = """() => {
  const save = document.querySelector('[data-testid=checkin-save]');
  const number = document.querySelector('[data-testid=person-id-number]');
  return save && number && !save.disabled && !number.disabled
    && !document.querySelector('.ant-select-disabled, .ant-spin-spinning');
}"""


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def initial_scripts(dist: Path) -> list[Path]:
    """The scripts index.html loads before any route: its entry and its module preloads."""
    html = (dist / "index.html").read_text()
    names = re.findall(r'(?:src|href)="/?(assets/[^"]+\.js)"', html)
    return [dist / name for name in dict.fromkeys(names)]


def weight_rows(dist: Path) -> list[tuple[str, str]]:
    first = initial_scripts(dist)
    everything = sorted((dist / "assets").glob("*.js"))
    largest = max(everything, key=gzipped)
    return [
        (
            "initial JavaScript (index.html's scripts)",
            f"{sum(map(gzipped, first)) / 1024:.0f} KB gzipped, {len(first)} files",
        ),
        (
            "all JavaScript (every route)",
            f"{sum(map(gzipped, everything)) / 1024:.0f} KB gzipped, {len(everything)} files",
        ),
        (
            "largest chunk",
            f"{largest.name.split('-')[0]}: {gzipped(largest) / 1024:.0f} KB gzipped",
        ),
    ]


def desk_ready(page: Page, url: str) -> tuple[float, int]:
    """Milliseconds from navigation start until the desk is interactive; JS bytes
    transferred (as the network carried them: gzipped where the gateway gzips)."""
    fetched: list[int] = []

    def count(response: Response) -> None:
        if response.url.endswith(".js"):
            fetched.append(response.request.sizes()["responseBodySize"])

    page.on("response", count)
    page.goto(url)
    page.wait_for_function(READY, timeout=30_000)
    ready = float(page.evaluate("performance.now()"))
    page.remove_listener("response", count)
    return ready, sum(fetched)


def session_script(tokens: dict[str, object]) -> str:
    stored = {
        "access_token": tokens["access_token"],
        "refresh_token": tokens["refresh_token"],
        "expires_at": int(time.time() * 1000) + 3_000_000,
    }
    return f"sessionStorage.setItem('liudong.tokens', {json.dumps(json.dumps(stored))});"


def measure(
    browser: Browser, base_url: str, tokens: dict[str, object], loads: int
) -> list[tuple[str, str]]:
    cold, warm, bytes_cold = [], [], 0
    for _ in range(loads):
        context = browser.new_context(
            viewport=LAPTOP, base_url=base_url, locale="zh-CN", timezone_id=OFFICE_ZONE_NAME
        )
        context.add_init_script(session_script(tokens))
        page = context.new_page()
        ms, bytes_cold = desk_ready(page, "/desk")
        cold.append(ms / 1000)
        ms, _ = desk_ready(page, "/desk")
        warm.append(ms / 1000)
        context.close()
    rows = []
    for name, seconds in (("cold cache", cold), ("warm cache", warm)):
        p50, p95, _ = report.percentiles_ms(seconds)
        rows.append(
            (
                f"desk interactive, {name}: p50 / p95 / max",
                f"{p50:.0f} / {p95:.0f} / {max(seconds) * 1000:.0f} ms",
            )
        )
    rows.append(
        (
            "JavaScript transferred for /desk (cold, gzipped by the gateway)",
            f"{bytes_cold / 1024:.0f} KB",
        )
    )
    return rows


def run(stack: Stack, args: argparse.Namespace) -> int:
    if not (DIST / "index.html").exists():
        raise SystemExit("web/dist is not built: `make web` builds it")
    rows = [("machine", report.machine()), ("code", report.code_version()), *weight_rows(DIST)]
    start_database(stack)
    suite = start_services(stack)
    say("suite up; loading the desk …")
    with contextlib.closing(login(suite.gateway_url, "admin", ADMIN_PASSWORD)) as admin:
        tree = build_tree(admin)
        name = f"desk-{uuid.uuid4().hex[:8]}"
        create_user(admin, name, "station", tree.station, PASSWORD)
    tokens = httpx.post(
        f"{suite.gateway_url}/api/auth/token", data={"username": name, "password": PASSWORD}
    ).json()
    with chromium() as browser:
        rows += measure(browser, suite.gateway_url, tokens, args.loads)
    rows.append(
        ("loads", f"{args.loads} cold (a new browser context each) + {args.loads} warm (a reload)")
    )
    report.publish(
        report.facts_block("Web app: weight and the desk's readiness", rows), args.record
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    return run_on_new_stack(run, parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
