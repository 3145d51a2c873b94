"""What every event shares: the topics, the base of event data, and the place tree's kinds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

REGISTRY_TOPIC = "liudong.registry"
HOUSING_TOPIC = "liudong.housing"
AUDIT_TOPIC = "liudong.audit"
EXCHANGE_TOPIC = "liudong.exchange"
# Sessions ended by the gateway (logout, a user disabled or changed): every service hears
# of them and refuses those tokens itself.
ACCOUNTS_TOPIC = "liudong.accounts"
TOPICS = [
    REGISTRY_TOPIC,
    HOUSING_TOPIC,
    "liudong.community",
    "liudong.alerts",
    AUDIT_TOPIC,
    EXCHANGE_TOPIC,
    ACCOUNTS_TOPIC,
]
# What the province receives (sync-province's connector, its replays and reconciliation):
# persons and residences, houses and places, and our answers to its messages. Never our
# staff's audit trail (their names and addresses, failed logins) nor their sessions: a topic
# goes to the province only once someone adds it here on purpose.
PROVINCE_TOPICS = (REGISTRY_TOPIC, HOUSING_TOPIC, EXCHANGE_TOPIC)

PlaceKind = Literal["district", "station", "community", "compound", "building", "unit"]
PLACE_KINDS: tuple[PlaceKind, ...] = (
    "district",
    "station",
    "community",
    "compound",
    "building",
    "unit",
)

# The departments a hazard notice goes to (公安, 消防, 房管, 税务, 劳动); a `department` user
# belongs to one of them and follows up its notices.
Department = Literal["police", "fire", "housing", "tax", "labour"]
DEPARTMENTS: tuple[Department, ...] = ("police", "fire", "housing", "tax", "labour")


class EventData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PathStep(EventData):
    id: str
    kind: PlaceKind
    name: str
