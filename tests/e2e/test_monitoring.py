"""deploy/'s monitoring holds to the suite: Prometheus scrapes the ports `liudong run` gives
each service, and every alert and dashboard query is valid PromQL that asks only for
metrics, and labels, that the running services do expose. (A renamed metric would
otherwise leave an alert silent for good.)"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import promql_parser
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from liudong_devstack.broker import Broker
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.pytest_plugin import SuiteFactory
from liudong_devstack.suite import Suite, services_for
from tests.e2e.helpers import eventually
from tests.e2e.province_helpers import agrees, check_in, exchange

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
HTTP_PORT, BASE_PORT = 8000, 8101  # `liudong run`'s defaults (services/suite cli.py)
ADDED_BY_PROMETHEUS = {"job", "instance"}
SEVERITIES = {"critical", "warning", "info"}


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def queries() -> list[tuple[str, str]]:
    """Every PromQL expression of deploy/, with where it is."""
    found = [(f"alert {r['alert']}", str(r["expr"])) for r in alert_rules()]
    dashboard = json.loads((DEPLOY / "grafana" / "liudong.json").read_text())
    for panel in dashboard["panels"]:
        found += [(f"panel {panel['title']}", t["expr"]) for t in panel["targets"]]
    return found


def selectors(expr: str) -> Iterator[tuple[str, set[str]]]:
    """Each metric an expression reads, with the labels it matches or groups by there."""
    grouped: set[str] = set()
    found: list[tuple[str, set[str]]] = []

    def visit(node: promql_parser.Expr) -> None:
        if isinstance(node, promql_parser.AggregateExpr) and node.modifier:
            grouped.update(node.modifier.labels)
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            found.append((node.name, {m.name for m in node.matchers.matchers}))

    promql_parser.walk(promql_parser.parse(expr), visit)
    yield from ((name, labels | grouped) for name, labels in found)


def test_prometheus_scrapes_each_service_where_liudong_run_puts_it() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    jobs = {
        job["job_name"]: [t for c in job["static_configs"] for t in c["targets"]]
        for job in config["scrape_configs"]
    }
    # As Suite.start deals the ports: the gateway on the HTTP port, the others in turn.
    layout = {
        name: [f"127.0.0.1:{HTTP_PORT if name == 'gateway' else BASE_PORT + i}"]
        for i, name in enumerate(services_for("https://province.example/events"))
    }
    assert jobs == layout
    assert config["rule_files"] == ["alerts.yml"]


@pytest.mark.parametrize(("where", "expr"), queries(), ids=[w for w, _ in queries()])
def test_every_query_is_valid_promql(where: str, expr: str) -> None:
    assert list(selectors(expr)), f"{where} reads no metric"


def test_every_alert_says_what_and_how_bad() -> None:
    rules = alert_rules()
    assert len({r["alert"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        assert rule["annotations"]["description"], rule["alert"]


def exposed(suite: Suite) -> dict[str, set[str]]:
    """Every metric the suite's services expose, with the labels its samples carry."""
    labels: dict[str, set[str]] = defaultdict(set)
    for name in suite.services:
        text = httpx.get(f"{suite.url(name)}/metrics", timeout=10).text
        for family in text_string_to_metric_families(text):
            names = {family.name, f"{family.name}_total", *(s.name for s in family.samples)}
            for metric in names:
                labels[metric].update(*(s.labels for s in family.samples))
    return labels


def test_every_metric_a_query_reads_is_exposed_with_its_labels(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(make_suite, own_broker, pg_server, tmp_path) as x:
        check_in(x.admin, x.units, random.Random(81), 2)
        eventually(lambda: agrees(x), timeout=60)
        metrics = exposed(x.suite)
    jobs = {"gateway", "housing", "registry", "stats", "sync_province"}
    for where, expr in queries():
        for name, labels in selectors(expr):
            if name == "up":  # Prometheus's own, one per job
                assert set(expr.split('job=~"')[1].split('"')[0].split("|")) == jobs, where
                continue
            assert name in metrics, f"{where}: no service exposes {name}"
            # A metric that no sample has shown yet (a failure never seen) says no labels.
            known = metrics[name] | ADDED_BY_PROMETHEUS | {"le"}
            assert not metrics[name] or labels <= known, f"{where}: {name} has no {labels - known}"
