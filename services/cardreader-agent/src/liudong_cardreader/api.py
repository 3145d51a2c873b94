"""The agent's localhost API: the browser asks for a card, the agent reads it and answers
with its fields. One read at a time; nothing about a card is logged, kept or written."""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Literal

import structlog
from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel

from liudong_cardreader import reader as readers
from liudong_cardreader.card import UnreadableText, parse_text
from liudong_cardreader.reader import CardRead, Mrz, Passport, Reader

MAX_WAIT_S = 60.0
READS = Counter("liudong_cardreader_reads_total", "Reads asked for, by outcome", ["outcome"])
READ_SECONDS = Histogram("liudong_cardreader_read_seconds", "Time from asking to a card")

STATUS: dict[type[readers.ReaderError], tuple[int, str]] = {
    readers.NoCard: (408, "no_card"),
    readers.ReaderUnavailable: (503, "reader_unavailable"),
    readers.ReadFailed: (502, "read_failed"),
    readers.NeedsMrz: (422, "needs_mrz"),
}
BUSY = "读卡器正在读卡, 请稍候"
UNREADABLE = "证件信息无法识别, 请重新放置证件后再读"
NO_TEXT = "此读卡器只读到芯片序列号, 读取身份证请使用身份证阅读器"


class CardPublic(BaseModel):
    """A card's fields as the registration form takes them (sex GB/T 2261.1, dates ISO)."""

    card_type: Literal["resident", "hmt_permit", "foreigner", "passport"]
    name: str
    sex: str
    ethnicity: str | None = None
    birth_date: date
    address: str | None = None
    id_number: str
    issuer: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    long_term: bool = False
    expired: bool
    chip_serial: str | None = None
    reader_id: str
    photo_wlt_base64: str | None = None
    permit_number: str | None = None
    issue_count: int | None = None
    english_name: str | None = None
    chinese_name: str | None = None
    nationality: str | None = None


def public(read: CardRead, today: date) -> CardPublic:
    """Raises ReadFailed when the block is not a card's."""
    if read.passport is not None:
        return _passport(read, read.passport, today)
    if read.text is None:
        raise readers.ReadFailed(NO_TEXT)
    try:
        text = parse_text(read.text)
    except UnreadableText as exc:
        raise readers.ReadFailed(UNREADABLE) from exc
    return CardPublic(
        card_type=text.card_type,
        name=text.name,
        sex=text.sex,
        ethnicity=text.ethnicity,
        birth_date=text.birth_date,
        address=text.address,
        id_number=text.id_number,
        issuer=text.issuer,
        valid_from=text.valid_from,
        valid_to=text.valid_to,
        long_term=text.valid_to is None,
        expired=text.expired(today),
        chip_serial=read.chip_serial,
        reader_id=read.reader_id,
        photo_wlt_base64=base64.b64encode(read.photo).decode() if read.photo else None,
        permit_number=text.permit_number,
        issue_count=text.issue_count,
        english_name=text.english_name,
        chinese_name=text.chinese_name,
        nationality=text.nationality,
    )


MRZ_SEX = {"M": "1", "F": "2"}  # GB/T 2261.1; "9": not stated


def _passport(read: CardRead, p: Passport, today: date) -> CardPublic:
    english = " ".join(part for part in (p.surname, p.given_names) if part)
    return CardPublic(
        card_type="passport",
        name=english,
        sex=MRZ_SEX.get(p.sex, "9"),
        birth_date=p.birth_date,
        id_number=p.document_number,
        issuer=p.issuing_state,
        valid_to=p.expiry_date,
        expired=p.expiry_date < today,
        chip_serial=read.chip_serial,
        reader_id=read.reader_id,
        english_name=english,
        nationality=p.nationality,
    )


def create_app(
    reader: Reader, *, origin: str | None, today: Callable[[], date] = date.today
) -> FastAPI:
    """`origin`: the gateway's, the only one whose pages may call the agent."""
    app = FastAPI(title="liudong card-reader agent", docs_url=None, redoc_url=None)
    if origin:
        app.add_middleware(
            CORSMiddleware, allow_origins=[origin], allow_methods=["GET"], allow_headers=["*"]
        )
    one_at_a_time = threading.Lock()
    log = structlog.get_logger()

    @app.middleware("http")
    async def request_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        began, request_id = time.perf_counter(), uuid.uuid4().hex
        response = await call_next(request)
        ms = round((time.perf_counter() - began) * 1000, 1)
        log.info(
            "request",
            method=request.method,
            route=request.url.path,
            status=response.status_code,
            ms=ms,
            request_id=request_id,
        )
        return response

    @app.get("/api/card")
    def card(
        timeout: Annotated[float, Query(gt=0, le=MAX_WAIT_S)] = 10.0,
        passport_number: Annotated[str | None, Query(max_length=20)] = None,
        birth_date: date | None = None,
        expiry_date: date | None = None,
    ) -> CardPublic:
        """Waits up to `timeout` seconds for a card. An e-passport also needs the number,
        birth date and expiry date from its data page."""
        mrz = _mrz(passport_number, birth_date, expiry_date)
        if not one_at_a_time.acquire(blocking=False):
            READS.labels("busy").inc()
            raise HTTPException(409, BUSY)
        began = time.perf_counter()
        try:
            answer = public(reader.read(timeout, mrz), today())
        except readers.ReaderError as exc:
            code, outcome = STATUS.get(type(exc), (502, "read_failed"))
            READS.labels(outcome).inc()
            raise HTTPException(code, str(exc)) from None
        finally:
            one_at_a_time.release()
        READS.labels("ok").inc()
        READ_SECONDS.observe(time.perf_counter() - began)
        return answer

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _mrz(number: str | None, birth: date | None, expiry: date | None) -> Mrz | None:
    if number is None and birth is None and expiry is None:
        return None
    if number is None or birth is None or expiry is None:
        raise HTTPException(422, "读取护照须同时输入护照号码、出生日期和有效期至")
    return Mrz(number.strip().upper(), birth, expiry)
