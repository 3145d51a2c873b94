"""An API client logged in to a suite started for the module, and a fresh place tree per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from liudong_devstack.broker import Broker
from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD, SuiteFactory
from liudong_devstack.suite import Suite
from tests.e2e.helpers import Tree, build_tree


@pytest.fixture(scope="module")
def suite(make_suite: SuiteFactory, broker: Broker) -> Suite:
    return make_suite(broker)


@pytest.fixture(scope="module")
def admin(suite: Suite) -> Iterator[httpx.Client]:
    client = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    yield client
    client.close()


@pytest.fixture
def tree(admin: httpx.Client) -> Tree:
    return build_tree(admin)
