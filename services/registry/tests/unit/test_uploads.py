"""An upload's rows within published bounds: the template, a filled-in workbook and a CSV
read back as they were, and the issue's hostile files (a 1 MB whitespace zip bomb, a zip
whose headers call its sheet small, a few-KB sheet reaching XFD1048576, a 12 MB CSV of two
million rows, one long shared string in every cell) are refused with the published limit
they pass, before calamine lays anything out. The files are built here, in memory, a MB at
a time at most."""

from __future__ import annotations

import bz2
import csv
import functools
import io
import random
import struct
import zipfile
import zlib
from array import array
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
import xlsxwriter

from liudong_registry import imports, uploads
from liudong_registry.uploads import TooLarge, UnreadableFile

MB = 1 << 20
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
TAIL = b"</sheetData></worksheet>"
ID_NUMBER = "11010519491231002X"


@dataclass(frozen=True)
class Member:
    """A zip entry as stored, with what its headers declare about it."""

    name: str
    data: bytes  # deflated unless `method` says otherwise
    size: int  # the uncompressed size the headers declare
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(name: str, text: bytes) -> Member:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Member(name, squeeze.compress(text) + squeeze.flush(), len(text), zlib.crc32(text))


def whitespace(name: str, megabytes: int, head: bytes = HEAD, tail: bytes = TAIL) -> Member:
    """head, `megabytes` MB of spaces, then tail, deflated without ever holding more than a
    MB: each piece is deflated on its own and flushed to a byte boundary, so one deflated MB
    of spaces (about 1 KB) can follow another as often as we like."""

    def piece(text: bytes, flush: int) -> bytes:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        return squeeze.compress(text) + squeeze.flush(flush)

    spaces = b" " * MB
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(spaces, crc)
    data = (
        piece(head, zlib.Z_SYNC_FLUSH)
        + piece(spaces, zlib.Z_SYNC_FLUSH) * megabytes
        + piece(tail, zlib.Z_FINISH)
    )
    return Member(name, data, len(head) + megabytes * MB + len(tail), zlib.crc32(tail, crc))


def packed(members: list[Member]) -> bytes:
    """A zip of the members exactly as given (zipfile would check or recompute them)."""
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        at = len(out)
        # flags, method, time, date (1980-01-01), crc, sizes, name and extra lengths
        fields = (m.flags, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0)
        out += struct.pack("<4sH4H3I2H", b"PK\x03\x04", 20, *fields) + name + m.data
        central += struct.pack("<4s2H4H3I5H2I", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, at)
        central += name
    count = len(members)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


@functools.cache
def base_members() -> tuple[Member, ...]:
    """The parts of a small workbook as xlsxwriter writes it (a heading in A1)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet("申报信息").write(0, 0, "公民身份号码")
    book.close()
    archive = zipfile.ZipFile(out)
    return tuple(deflated(name, archive.read(name)) for name in archive.namelist())


def workbook(*parts: Member, without: tuple[str, ...] = ()) -> bytes:
    """That workbook with some parts replaced or added, and some left out."""
    members = {m.name: m for m in base_members() if m.name not in without}
    members.update((p.name, p) for p in parts)
    return packed(list(members.values()))


def sheet(rows: str, before: str = "") -> Member:
    """A first sheet of the given `<row>` elements (and elements before sheetData)."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{before}'
    return deflated(SHEET, f"{xml}<sheetData>{rows}</sheetData></worksheet>".encode())


def shared(*texts: str, unique: int | None = None) -> Member:
    count = len(texts) if unique is None else unique
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    xml = f'<sst xmlns="{MAIN}" count="{len(texts)}" uniqueCount="{count}">{items}</sst>'
    return deflated(STRINGS, f'<?xml version="1.0" encoding="UTF-8"?>{xml}'.encode())


def refused(content: bytes, filename: str = "登记.xlsx") -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        uploads.rows(content, filename)
    return caught.value


# --- what a clerk sends reads back ------------------------------------------------------


STARRED = [heading + ("*" if required else "") for heading, _, required, _, _ in imports.COLUMNS]
FILLED: list[list[Any]] = [
    [
        *(ID_NUMBER, "张三", "2", "01 汉族", date(1949, 12, 31), "13812345678", "北京市西城区"),
        *("幸福小区/1号楼/01室", date(2026, 11, 1), "21", "work", 365.0),
    ],
    [
        *("110105198001010019", "李四", "1", "01", date(1980, 1, 1), "", ""),
        *("幸福小区/1号楼/02室", date(2026, 10, 31), "21", "work", ""),
    ],
]


def filled_in(rows: list[list[Any]], date_1904: bool = False) -> bytes:
    """A workbook like the template (its three sheets, the ID column as text), filled in."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "date_1904": date_1904})
    sheet, codes, _help = (book.add_worksheet(n) for n in ("申报信息", "代码", "填写说明"))
    day, text = book.add_format({"num_format": "yyyy-mm-dd"}), book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, STARRED, book.add_format({"bold": True}))
    sheet.set_column(0, 0, 16, text)
    codes.write_column(0, 2, ["1 男性", "2 女性"])
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value, text if c == 0 else None)
    book.close()
    return out.getvalue()


def test_the_template_reads_back_as_its_headings() -> None:
    content = imports.template(["幸福小区/1号楼/01室"])
    assert uploads.rows(content, "import-template.xlsx") == [STARRED]
    assert imports.read_rows(content, "import-template.xlsx") == []


@pytest.mark.parametrize("date_1904", [False, True], ids=["1900-dates", "1904-dates"])
def test_a_filled_in_workbook_reads_back_its_rows_and_dates(date_1904: bool) -> None:
    content = filled_in(FILLED, date_1904)
    assert uploads.rows(content, "登记.xlsx") == [STARRED, *FILLED]
    assert imports.read_rows(content, "登记.XLSX") == FILLED


def test_a_workbook_whose_parts_are_stored_not_deflated_reads_back() -> None:
    archive = zipfile.ZipFile(io.BytesIO(filled_in(FILLED)))
    stored = [
        Member(n, d, len(d), zlib.crc32(d), zipfile.ZIP_STORED)
        for n, d in ((n, archive.read(n)) for n in archive.namelist())
    ]
    assert uploads.rows(packed(stored), "登记.xlsx") == [STARRED, *FILLED]


def test_a_csv_reads_back_its_rows() -> None:
    rows = [STARRED, [ID_NUMBER, "张三, 李四", "2"], ["", "两行\r\n文字", ""]]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert uploads.rows(out.getvalue().encode("utf-8-sig"), "登记.CSV") == rows


def test_a_long_shared_string_in_a_few_cells_reads_back() -> None:
    long = "长" * 32_767  # the most an Excel cell holds
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in (1, 2, 3))
    content = workbook(sheet(cells), shared("短", long))
    assert uploads.rows(content, "登记.xlsx") == [[long], [long], [long]]


def test_a_sheet_declared_at_the_limits_reads_the_cells_it_has() -> None:
    last = f"Z{uploads.MAX_ROWS + 1}"
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>公民身份号码</t></is></c></row>'
    content = workbook(sheet(cells, f'<dimension ref="A1:{last}"/>'))
    assert uploads.rows(content, "登记.xlsx") == [["公民身份号码"]]


def test_cells_without_references_are_placed_by_their_rows() -> None:
    cells = '<row r="1"><c><v>1</v></c><c><v>2</v></c></row><row r="3"><c><v>3</v></c></row>'
    assert uploads.rows(workbook(sheet(cells)), "登记.xlsx") == [[1, 2], ["", ""], [3, ""]]


# --- zip bombs --------------------------------------------------------------------------


def test_the_bomb_builder_makes_a_zip_any_reader_inflates() -> None:
    member = whitespace(SHEET, 3)
    archive = zipfile.ZipFile(io.BytesIO(workbook(member)))
    assert archive.read(SHEET) == HEAD + b" " * (3 * MB) + TAIL  # zipfile checks the CRC too


def test_a_1_mb_whitespace_zip_bomb_is_refused() -> None:
    bomb = whitespace(SHEET, 1024)  # a GB of whitespace within the sheet's root
    content = workbook(bomb)
    assert len(content) < 1.1 * MB
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET).file_size > 1024 * MB
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.ZIP_BOMB)


@pytest.mark.parametrize(
    "part",
    [
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        STRINGS,
        "xl/styles.xml",
    ],
)
def test_a_bomb_in_any_part_that_is_read_is_refused(part: str) -> None:
    error = refused(workbook(whitespace(part, 100, b"", b"")))
    assert (type(error), str(error)) == (TooLarge, uploads.ZIP_BOMB)


def test_a_zip_whose_headers_call_its_sheet_small_is_read_as_it_inflates() -> None:
    bomb = whitespace(SHEET, 200)
    liar = replace(bomb, size=len(HEAD) + len(TAIL))  # local and central header alike
    content = workbook(liar)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET).file_size < 200
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.ZIP_BOMB)


def test_the_parts_read_count_together_against_the_unpacked_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "MAX_UNPACKED", MB)  # the limit, as if a 1 MB one
    noise = random.Random(5).randbytes(150_000).hex()  # 300 KB inflated from ~150 KB
    strings = shared(noise, noise)
    cells = sheet(f"<!-- {noise} {noise} -->")
    # each part's headers say it is tiny, and each is well within its ratio
    content = workbook(replace(strings, size=9), replace(cells, size=9))
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.TOO_BIG_UNPACKED)


@pytest.mark.parametrize("filename", ["登记.xlsx", "登记.csv"])
def test_a_file_past_the_upload_limit_is_refused_unread(filename: str) -> None:
    error = refused(b"\n" * (uploads.MAX_BYTES + 1), filename)
    assert (type(error), str(error)) == (TooLarge, uploads.TOO_BIG)


# --- sparse sheets ----------------------------------------------------------------------


def test_the_issues_sparse_workbook_is_refused_by_its_declared_range() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("申报信息")
    sheet.write_row(0, 0, STARRED)
    sheet.write_string(1_048_575, 16_383, "x")  # XFD1048576, the last cell there is
    book.close()
    content = out.getvalue()
    assert len(content) < 8 * 1024
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.DECLARED_TOO_BIG)


def one_cell(ref: str) -> str:
    return f'<row r="1"><c r="A1"><v>1</v></c></row><row><c r="{ref}"><v>2</v></c></row>'


@pytest.mark.parametrize(
    ("before", "rows", "message"),
    [
        pytest.param(
            '<dimension ref="A1:XFD1048576"/>',
            one_cell("B2"),
            uploads.DECLARED_TOO_BIG,
            id="declared-A1:XFD1048576",
        ),
        pytest.param(
            f'<dimension ref="A1:Z{uploads.MAX_ROWS + 2}"/>',
            one_cell("B2"),
            uploads.DECLARED_TOO_BIG,
            id="declared-a-row-too-many",
        ),
        pytest.param(
            '<dimension ref="A1:AA2"/>',
            one_cell("B2"),
            uploads.DECLARED_TOO_BIG,
            id="declared-a-column-too-many",
        ),
        pytest.param("", one_cell("XFD1048576"), uploads.TOO_MANY_ROWS, id="cell-XFD1048576"),
        pytest.param("", one_cell("xfd1048576"), uploads.TOO_MANY_ROWS, id="cell-xfd1048576"),
        pytest.param(
            "",
            one_cell(f"A{uploads.MAX_ROWS + 2}"),
            uploads.TOO_MANY_ROWS,
            id="cell-a-row-too-many",
        ),
        pytest.param("", one_cell("AA1"), uploads.TOO_MANY_COLUMNS, id="cell-AA1"),
        pytest.param(
            "",
            '<row r="1"><c><v>1</v></c></row><row r="1048576"><c><v>2</v></c></row>',
            uploads.TOO_MANY_ROWS,
            id="unreferenced-cell-in-row-1048576",
        ),
        pytest.param(
            "",
            '<row r="1">' + "<c><v>1</v></c>" * (uploads.MAX_COLUMNS + 1) + "</row>",
            uploads.TOO_MANY_COLUMNS,
            id="unreferenced-cells-a-column-too-many",
        ),
    ],
)
def test_a_sparse_sheet_is_refused_before_calamine_lays_it_out(
    before: str, rows: str, message: str
) -> None:
    content = workbook(sheet(rows, before))
    assert len(content) < 8 * 1024
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, message)


# --- CSV --------------------------------------------------------------------------------


HEADINGS_LINE = ",".join(STARRED).encode("utf-8-sig") + b"\r\n"


def test_a_csv_of_the_row_limit_reads_whole() -> None:
    content = HEADINGS_LINE + b"1,2,3\r\n" * uploads.MAX_ROWS
    assert len(uploads.rows(content, "登记.csv")) == uploads.MAX_ROWS + 1


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"1,2,3\r\n" * (uploads.MAX_ROWS + 1), id="a-row-too-many"),
        pytest.param(b"\r\n" * (uploads.MAX_ROWS + 1), id="blank-rows"),
        pytest.param(b"1,2,3\n" * 2_000_000, id="the-issues-12-MB-of-2-million-rows"),
    ],
)
def test_a_csv_past_the_row_limit_is_refused_at_the_limit(body: bytes) -> None:
    with pytest.raises(TooLarge) as caught:
        imports.read_rows(HEADINGS_LINE + body, "登记.csv")
    assert str(caught.value) == uploads.TOO_MANY_ROWS


def test_a_csv_row_wider_than_the_columns_is_refused() -> None:
    widest = ",".join(["x"] * uploads.MAX_COLUMNS).encode() + b"\n"
    assert len(uploads.rows(HEADINGS_LINE + widest, "登记.csv")[1]) == uploads.MAX_COLUMNS
    wider = ",".join(["x"] * (uploads.MAX_COLUMNS + 1)).encode() + b"\n"
    error = refused(HEADINGS_LINE + widest * 3 + wider, "登记.csv")
    assert (type(error), str(error)) == (TooLarge, uploads.TOO_MANY_COLUMNS)


def test_one_endless_csv_line_is_refused_before_it_is_split() -> None:
    endless = b"ab," * (uploads.MAX_LINE // 3 + 1) + b"\n"
    error = refused(HEADINGS_LINE + endless, "登记.csv")
    assert (type(error), str(error)) == (TooLarge, uploads.LINE_TOO_LONG)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(HEADINGS_LINE + b"\xff\xfe\xfd,1\n", id="not-utf-8"),
        pytest.param(  # over csv's field limit, in lines within ours
            HEADINGS_LINE + b'"' + (b"x" * 50_000 + b"\n") * 3 + b'"\n', id="a-field-past-csv-limit"
        ),
    ],
)
def test_a_csv_that_does_not_parse_is_unreadable(content: bytes) -> None:
    error = refused(content, "登记.csv")
    assert type(error) is UnreadableFile
    assert str(error).startswith("无法读取文件: ")


# --- not a workbook ---------------------------------------------------------------------


ENTITIES = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
LAUGHS = (  # a billion laughs, were the entities expanded
    f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{ENTITIES}]>'
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
    "<t>&lol9;</t></is></c></row></sheetData></worksheet>"
)
NOT_XLSX: dict[str, bytes] = {
    "not-a-zip": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls",
    "empty": b"",
    "a-zip-without-a-workbook": packed([deflated("readme.txt", b"hello")]),
    "no-first-sheet": workbook(without=(SHEET,)),
    "no-workbook-part": workbook(without=("xl/workbook.xml",)),
    "encrypted-sheet": workbook(replace(sheet(one_cell("B2")), flags=0x1)),
    "bzip2-sheet": workbook(
        Member(SHEET, bz2.compress(HEAD + TAIL), len(HEAD + TAIL), 0, zipfile.ZIP_BZIP2)
    ),
    "aes-sheet": workbook(replace(sheet(one_cell("B2")), method=99, flags=0x1)),
    "entities-in-the-sheet": workbook(deflated(SHEET, LAUGHS.encode())),
    "entities-in-the-shared-strings": workbook(
        sheet(one_cell("B2")),
        deflated(STRINGS, LAUGHS.replace("worksheet", "sst").encode()),
    ),
    "utf-16-sheet": workbook(
        deflated(SHEET, (HEAD + TAIL).decode().replace("UTF-8", "UTF-16").encode("utf-16"))
    ),
    "latin-1-sheet": workbook(deflated(SHEET, HEAD.replace(b"UTF-8", b"ISO-8859-1") + TAIL)),
    "too-many-members": packed([deflated(f"{i}.xml", b"") for i in range(10_001)]),
}


@pytest.mark.parametrize("content", list(NOT_XLSX.values()), ids=list(NOT_XLSX))
def test_what_is_no_workbook_is_unreadable_not_too_large(content: bytes) -> None:
    error = refused(content)
    assert (type(error), str(error)) == (UnreadableFile, uploads.NOT_XLSX)


def test_a_sheet_cut_short_is_unreadable() -> None:
    whole = sheet(one_cell("B2"))
    content = workbook(replace(whole, data=whole.data[: len(whole.data) // 2]))
    error = refused(content)
    assert type(error) is UnreadableFile
    assert str(error).startswith("无法读取文件: ")


# --- shared text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("<v>1</v>", id="plain"),
        pytest.param('<v note=">0">1</v>', id="a-gt-in-an-attribute"),
        pytest.param("<v>\n1\n</v>", id="spaced"),
    ],
)
def test_one_long_shared_string_in_many_cells_is_refused(value: str) -> None:
    long = "x" * 32_767
    cells = uploads.MAX_SHARED_TEXT // len(long) + 1  # 1,954 cells, 64 M characters
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s">{value}</c></row>' for r in range(1, cells + 1))
    content = workbook(sheet(rows), shared("0", long))
    assert len(content) < 64 * 1024
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.TOO_MUCH_TEXT)


def test_shared_strings_that_claim_more_than_the_cells_are_refused() -> None:
    content = workbook(sheet(one_cell("B2")), shared("a", unique=uploads.MAX_CELLS + 1))
    error = refused(content)
    assert (type(error), str(error)) == (TooLarge, uploads.TOO_MANY_CELLS)


# --- the quick reading ------------------------------------------------------------------

LONG = 32_767
TOO_MANY_SHARED = uploads.MAX_SHARED_TEXT // LONG + 1


def shared_cells(value: str, cell: str = '<c r="A{r}" t="s">{value}</c>') -> str:
    return "".join(
        f'<row r="{r}">' + cell.format(r=r, value=value) + "</row>"
        for r in range(1, TOO_MANY_SHARED + 1)
    )


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(one_cell("XFD1048576"), id="far-cell"),
        pytest.param(one_cell("AA1"), id="a-column-too-many"),
        pytest.param(one_cell(f"A{uploads.MAX_ROWS + 2}"), id="a-row-too-many"),
        pytest.param(one_cell("xfd1048576"), id="lowercase-reference"),
        pytest.param('<dimension ref="A1:XFD1048576"/>' + one_cell("B2"), id="declared-range"),
        pytest.param('<row r="1"><c t="n" r="XFD1"><v>1</v></c></row>', id="reference-second"),
        pytest.param('<row r="1048576"><c><v>1</v></c></row>', id="no-reference"),
        pytest.param("<!-- x -->" + one_cell("XFD1"), id="a-comment"),
        pytest.param(shared_cells("<v>1</v>"), id="shared-text"),
        pytest.param(shared_cells('<v note=">0">1</v>'), id="shared-text-gt-in-attribute"),
        pytest.param(shared_cells("<v>\n1\n</v>"), id="shared-text-spaced"),
        pytest.param(
            shared_cells("<v>1</v>", '<c r="A{r}" t = "s">{value}</c>'), id="shared-spaced-type"
        ),
    ],
)
def test_the_quick_reading_leaves_anything_unplain_to_the_exact_one(rows: str) -> None:
    """The quick reading may only say "within bounds" where the element-by-element reading
    would too: for each sheet the exact one refuses, it says no and lets that one decide."""
    lengths = array("L", [1, LONG])
    xml = bytearray(HEAD + rows.encode() + TAIL)
    assert not uploads._plainly_within_bounds(xml, lengths)
    with pytest.raises(TooLarge):
        uploads._SheetScan.check(xml, lengths)


def test_a_sheet_as_writers_lay_it_out_takes_the_quick_reading() -> None:
    book = zipfile.ZipFile(io.BytesIO(filled_in(FILLED * 50)))
    lengths = array("L", [40] * 200)
    assert uploads._plainly_within_bounds(bytearray(book.read(SHEET)), lengths)
