"""The `sdk` backend through ctypes, against a stand-in for the vendor's library built here
(fake_sdtapi/sdtapi.c: the same functions and status codes)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from liudong_cardreader.card import encode_text, parse_text
from liudong_cardreader.reader import NoCard, ReaderUnavailable, ReadFailed
from liudong_cardreader.sdk_backend import SdkReader

SOURCE = Path(__file__).parent / "fake_sdtapi" / "sdtapi.c"
SAM_ID = "05.01-20101028-0011187052-2147603829"
CARD = {
    "name": "张三",
    "sex": "1",
    "ethnicity": "01",
    "birth_date": "19900307",
    "address": "山东省单县城关镇东关街18号",
    "id_number": "37152219900307001X",
    "issuer": "单县公安局",
    "valid_from": "20200101",
    "valid_to": "20400101",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = tmp_path_factory.mktemp("sdtapi") / "libsdtapi.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(built), str(SOURCE)], check=True)
    return built


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in's state folder: files in it put a card on the reader, unplug it …"""
    monkeypatch.setenv("FAKE_SDTAPI_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def reader(library: Path) -> Iterator[SdkReader]:
    opened = SdkReader(str(library), 1001)
    yield opened
    opened.close()


def test_a_card_on_the_reader_is_read_with_the_readers_sam_id(
    desk: Path, reader: SdkReader
) -> None:
    photo = b"WL" + bytes(range(256)) * 4
    (desk / "card").write_bytes(encode_text("resident", CARD) + photo[:1024])
    read = reader.read(timeout=1)
    assert read.reader_id == SAM_ID
    assert read.photo == photo[:1024]
    text = parse_text(read.text or b"")
    assert (text.name, text.id_number, text.birth_date) == (
        "张三",
        CARD["id_number"],
        date(1990, 3, 7),
    )


def test_no_card_unplugged_and_failed_reads_each_say_so_and_the_next_read_works(
    desk: Path, reader: SdkReader
) -> None:
    with pytest.raises(NoCard):
        reader.read(timeout=0.3)
    (desk / "unplugged").touch()
    with pytest.raises(ReaderUnavailable):
        reader.read(timeout=0.3)
    (desk / "unplugged").unlink()
    (desk / "card").write_bytes(encode_text("resident", CARD) + bytes(1024))
    (desk / "failread").touch()
    with pytest.raises(ReadFailed):
        reader.read(timeout=0.3)
    (desk / "failread").unlink()
    assert parse_text(reader.read(timeout=0.3).text or b"").name == "张三"


def test_a_library_that_is_not_there_is_a_reader_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ReaderUnavailable, match="程序库"):
        SdkReader(str(tmp_path / "missing.so")).read(timeout=0.1)


def test_a_wrong_port_is_a_reader_unavailable(desk: Path, library: Path) -> None:
    with pytest.raises(ReaderUnavailable):
        SdkReader(str(library), 1).read(timeout=0.1)
