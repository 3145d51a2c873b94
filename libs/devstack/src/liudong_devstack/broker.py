"""The local broker: Apache Kafka itself, in KRaft mode (one node, controller and broker),
or a cluster of three such nodes on loopback for the fault tests (`KafkaCluster`).

`make kafka` puts its jars in var/cache/kafka/libs (deploy/kafka/pom.xml pins the
version); `LIUDONG_KAFKA_LIBS` says where they are. The log lives in the data folder it is
given, so a restart keeps every topic, offset and producer id; `wipe` gives the disaster a
test needs (a broker back empty). The storage is formatted once, at the first start.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from confluent_kafka.admin import AdminClient

from liudong_devstack.ports import free_port, refuse_if_taken, wait_for_port

REPOSITORY = Path(__file__).resolve().parents[4]
CONFIG = REPOSITORY / "deploy" / "kafka"
HEAP = "256m"  # at most: idle it holds about 350 MB resident, the suite about 1.2 GB (PSS)


def kafka_libs() -> Path:
    libs = Path(os.environ.get("LIUDONG_KAFKA_LIBS") or REPOSITORY / "var/cache/kafka/libs")
    if not (libs / ".complete").exists():
        raise RuntimeError(f"Apache Kafka is not installed in {libs} (run `make kafka`)")
    return libs


@dataclass
class Broker:
    port: int
    data_dir: Path
    log_path: Path | None = None
    controller_port: int = field(default_factory=free_port)
    node_id: int = 1
    # A cluster's voters ("1@127.0.0.1:port,…", a static quorum) and its id; a single node
    # (no voters) is its own quorum.
    voters: str = ""
    cluster_id: str = ""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def replicas(self) -> int:
        """Replicas of the internal topics (offsets, transactions): one per voter."""
        return self.voters.count("@") or 1

    def start(self, timeout: float = 60.0) -> Broker:
        self.launch()
        self.wait_ready(timeout)
        return self

    def launch(self) -> None:
        """Start the process (its storage formatted at the first start), not waiting for it:
        a cluster's nodes answer only once a majority of them runs."""
        refuse_if_taken(self.port, "the broker")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self._write_config()
        if not (self.data_dir / "log" / "meta.properties").exists():
            quorum = () if self.voters else ("--standalone",)
            cluster = self.cluster_id or _cluster_id()
            format_storage = ("format", *quorum, "-c", str(config), "-t", cluster)
            subprocess.run(
                self._java("kafka.tools.StorageTool", *format_storage),
                check=True,
                capture_output=True,
            )
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            self._java("kafka.Kafka", str(config)), stdout=log, stderr=log, process_group=0
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not wait_for_port(self.port, timeout) or not self.ready(timeout):
            self.stop()
            raise RuntimeError(f"Apache Kafka did not answer on {self.bootstrap}")

    def _write_config(self) -> Path:
        config = self.data_dir / "server.properties"
        if not self.voters:
            self.controller_port = self._kept_controller_port()
        quorum = (
            {"controller.quorum.voters": self.voters}
            if self.voters
            else {"controller.quorum.bootstrap.servers": f"127.0.0.1:{self.controller_port}"}
        )
        replicas, in_sync = str(self.replicas), str(max(1, self.replicas - 1))
        settings = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            **quorum,
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},"
            f"CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.data_dir / "log"),
            # The internal topics as ours: a replica per node, one may be down.
            "offsets.topic.replication.factor": replicas,
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": in_sync,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": in_sync,
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "false",  # the suite creates ours, as configured
            # Two cores shared with PostgreSQL and the services: threads to match.
            "num.network.threads": "2",
            "num.io.threads": "2",
            "background.threads": "2",
        }
        config.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
        return config

    def _kept_controller_port(self) -> int:
        """The controller's port as the log was formatted with: the quorum records where
        its voter listens, so a restart listens there again."""
        kept = self.data_dir / "controller.port"
        if kept.exists() and (self.data_dir / "log").exists():
            return int(kept.read_text())
        kept.write_text(str(self.controller_port))
        return self.controller_port

    @staticmethod
    def _java(main: str, *args: str) -> list[str]:
        return [
            "java",
            f"-Xmx{HEAP}",
            "-Xms64m",  # grown only as needed: idle, it stays small
            "-XX:+UseSerialGC",  # two cores: no parallel collector threads to feed
            "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={CONFIG / 'log4j2.properties'}",
            "-cp",
            f"{kafka_libs()}/*",
            main,
            *args,
        ]

    def ready(self, timeout: float = 5.0) -> bool:
        """Readiness is a metadata request answered with a broker, not an open port."""
        deadline = time.monotonic() + timeout
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        while time.monotonic() < deadline:
            try:
                if admin.list_topics(timeout=1).brokers:
                    return True
            except Exception:
                time.sleep(0.1)
        return False

    def kill(self) -> None:
        """kill -9, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def wipe(self) -> None:
        """Forget everything (a stopped broker): the next start is a cluster restored empty,
        the disaster the relays detect and republish after."""
        assert self.process is None or self.process.poll() is not None, "stop it first"
        shutil.rmtree(self.data_dir / "log", ignore_errors=True)


def _cluster_id() -> str:
    """A new cluster's id, as `kafka-storage random-uuid` makes one: never one that begins
    with "-", which the command line would take for an option."""
    while True:
        made = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not made.startswith("-"):
            return made


@dataclass
class KafkaCluster:
    """Three nodes, each controller and broker, on loopback: the smallest cluster that
    keeps every acknowledged write when one node dies (replication 3, min.insync 2)."""

    nodes: list[Broker]

    @classmethod
    def on_loopback(cls, data_dir: Path, size: int = 3) -> KafkaCluster:
        controllers = [free_port() for _ in range(size)]
        voters = ",".join(f"{n + 1}@127.0.0.1:{port}" for n, port in enumerate(controllers))
        cluster_id = _cluster_id()
        nodes = [
            Broker(
                free_port(),
                data_dir / f"node-{n + 1}",
                data_dir / f"node-{n + 1}.log",
                controller_port=port,
                node_id=n + 1,
                voters=voters,
                cluster_id=cluster_id,
            )
            for n, port in enumerate(controllers)
        ]
        return cls(nodes)

    @property
    def bootstrap(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

    def start(self, timeout: float = 90.0) -> KafkaCluster:
        for node in self.nodes:
            node.launch()
        for node in self.nodes:
            node.wait_ready(timeout)
        return self

    def leader_of(self, topic: str, partition: int = 0) -> Broker:
        """The node that leads `partition` of `topic` now."""
        metadata = AdminClient({"bootstrap.servers": self.bootstrap}).list_topics(topic, 10)
        leader = metadata.topics[topic].partitions[partition].leader
        return next(node for node in self.nodes if node.node_id == leader)

    def stop(self) -> None:
        """All at once: a node left alone has no quorum to shut down with."""
        for node in self.nodes:
            if node.process and node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            node.stop()


Kafka = Broker | KafkaCluster  # what a suite can run on: anything with a bootstrap
