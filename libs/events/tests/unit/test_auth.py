"""Tokens signed by the gateway and the jurisdiction they grant."""

from __future__ import annotations

import jwt
import pytest

from liudong_events.auth import Principal, issue_token, verify_token

SECRET = "unit-test-secret-that-is-long-enough-for-hs256"
PATH = ["district-1", "station-1", "community-1", "compound-1", "building-1", "unit-1"]


def station_user() -> Principal:
    return Principal(
        user_id="u-7",
        username="王站长",
        role="station",
        scope_place_id="station-1",
        scope_path=("district-1", "station-1"),
    )


def test_token_round_trip() -> None:
    principal = station_user()

    assert verify_token(issue_token(principal, SECRET), SECRET) == principal


def test_admin_without_scope_round_trips() -> None:
    admin = Principal("u-1", "admin", "admin", None, ())

    assert verify_token(issue_token(admin, SECRET), SECRET) == admin


def test_token_signed_with_another_secret_is_refused() -> None:
    token = issue_token(station_user(), "another-secret-that-is-also-long-enough-x")

    with pytest.raises(jwt.PyJWTError):
        verify_token(token, SECRET)


def test_expired_token_is_refused() -> None:
    token = issue_token(station_user(), SECRET, ttl_seconds=-60)

    with pytest.raises(jwt.ExpiredSignatureError):
        verify_token(token, SECRET)


def test_tampered_token_is_refused() -> None:
    header, _, signature = issue_token(station_user(), SECRET).split(".")
    admin = Principal("u-7", "王站长", "admin", None, ())
    admin_claims = issue_token(admin, SECRET).split(".")[1]

    with pytest.raises(jwt.InvalidSignatureError):
        verify_token(f"{header}.{admin_claims}.{signature}", SECRET)


def test_admin_without_scope_covers_everything() -> None:
    admin = Principal("u-1", "admin", "admin", None, ())

    assert admin.covers(PATH)
    assert admin.covers(["district-2", "station-9"])
    assert admin.covers([])


def test_station_user_covers_places_under_its_station() -> None:
    user = station_user()

    assert user.covers(PATH)
    assert user.covers(("district-1", "station-1"))


def test_station_user_does_not_cover_places_elsewhere() -> None:
    user = station_user()

    assert not user.covers(["district-1", "station-2", "community-9"])
    assert not user.covers(["district-1"])
    assert not user.covers([])


def test_non_admin_without_scope_covers_nothing() -> None:
    user = Principal("u-9", "nobody", "station", None, ())

    assert not user.covers(PATH)
