"""Apache Kafka as production runs it, three brokers with replication 3 and
min.insync.replicas 2, loses a broker: kill -9 the leader of the partitions the check-ins go
to, in the middle of a stream of them. Every acknowledged check-in is then counted once and
the province holds each event of the district once, with the broker still dead: the
relays, consumers and the connector find the new leaders themselves."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import httpx

from liudong_devstack.broker import KafkaCluster
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.pytest_plugin import SuiteFactory
from liudong_events.catalog import REGISTRY_TOPIC
from liudong_events.days import office_today
from tests.e2e.helpers import declaration, eventually, eventually_equal, occupancy
from tests.e2e.province_helpers import agrees, district_events, exchange

CHECK_INS = 90


def test_a_dead_partition_leader_loses_no_check_in_and_duplicates_no_event(
    make_suite: SuiteFactory,
    kafka_cluster: KafkaCluster,
    pg_server: PostgresServer,
    tmp_path: Path,
) -> None:
    with exchange(make_suite, kafka_cluster, pg_server, tmp_path) as x:
        rng = random.Random(203)
        bodies = [declaration(rng.choice(x.units), office_today(), rng) for _ in range(CHECK_INS)]
        statuses: list[int] = []

        def clerk() -> None:
            with httpx.Client(
                base_url=x.suite.gateway_url, headers=x.admin.headers, timeout=30
            ) as client:
                for body in bodies:
                    statuses.append(client.post("/api/residences", json=body).status_code)
                    time.sleep(0.03)

        worker = threading.Thread(target=clerk)
        worker.start()
        eventually(lambda: len(statuses) >= CHECK_INS // 3)
        leader = kafka_cluster.leader_of(REGISTRY_TOPIC)
        leader.kill()
        worker.join()
        assert statuses == [201] * CHECK_INS, "a check-in failed while a broker was dead"

        def current() -> int:
            return int(occupancy(x.admin, x.tree.district)["totals"]["current"])

        eventually_equal(current, CHECK_INS, timeout=120)
        eventually(lambda: agrees(x), timeout=120)
        held = x.province.get("/received/summary").json()["events"]
        assert held == sum(district_events(x.suite).values()), "the province holds a duplicate"
        assert district_events(x.suite)["liudong.residence.checked_in"] == CHECK_INS
        assert leader.process is not None
        assert leader.process.poll() is not None, "all this with the leader still dead"
        leader.start()  # the cluster whole again for whoever comes next
