"""An uploaded file's rows, read within published bounds.

A hostile file must cost the import worker no more than the biggest file we take. A CSV is
read a row at a time and stops at the row limit. An xlsx is a zip of XML parts: the parts
that are read are inflated a chunk at a time against a budget, whatever their headers say;
the shared strings and the first sheet are then scanned (expat, no tree) for where the cells
are and how much shared text they repeat, all before python-calamine sees them: it lays a
sheet out as one dense block, every cell a copy of its text, so a single cell at XFD1048576
or a long string repeated in every cell would cost gigabytes. Calamine then reads a workbook
rebuilt from exactly the parts that were scanned.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import operator
import posixpath
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from python_calamine import CalamineWorkbook

MAX_BYTES = 50 * 1024 * 1024  # the upload
MAX_ROWS = 200_000  # data rows below the headings: twice the 100,000 an import is made for
MAX_COLUMNS = 26  # A to Z; the template has 12
MAX_CELLS = (MAX_ROWS + 1) * MAX_COLUMNS
MAX_UNPACKED = 256 * 1024 * 1024  # the parts read, inflated (200,000 rows: about 100 MB)
MAX_RATIO = 100  # inflated to compressed, past a part's first MB (a sheet's: about 9)
MAX_SHARED_TEXT = 64_000_000  # characters of shared strings the cells hold (200,000: 20 M)
MAX_MEMBERS = 10_000  # a zip's entries (an xlsx has about 10)
CHUNK = 1 << 20
MAX_LINE = 64 * 1024  # characters in a CSV line (a template row has about 300)

TOO_MANY_ROWS = f"数据行超过上限 {MAX_ROWS} 行, 请分成几个文件导入"
TOO_MANY_COLUMNS = f"列数超过上限 {MAX_COLUMNS} 列 (A–Z), 请删去模板以外的列"
TOO_BIG = f"文件过大 (上限{MAX_BYTES // 1024 // 1024}MB)"
TOO_BIG_UNPACKED = f"文件解压后过大 (上限{MAX_UNPACKED // 1024 // 1024}MB)"
ZIP_BOMB = f"文件压缩比异常 (超过{MAX_RATIO}倍), 不予读取"
DECLARED_TOO_BIG = (
    f"工作表声明的范围超过上限 ({MAX_ROWS} 行数据, {MAX_COLUMNS} 列), 请删去多余的行列后另存"
)
LINE_TOO_LONG = f"一行超过上限 {MAX_LINE} 字, 请检查文件 (列数应不超过 {MAX_COLUMNS})"
TOO_MANY_CELLS = f"单元格超过上限 {MAX_CELLS} 个"
TOO_MUCH_TEXT = f"单元格文字总量超过上限 {MAX_SHARED_TEXT} 字"
NOT_XLSX = "只能导入 xlsx 或 csv 文件 (请使用下载的模板)"


class UnreadableFile(Exception):
    """Not an xlsx or csv with the template's headings."""


class TooLarge(UnreadableFile):
    """Past one of the bounds above (answered 413)."""


def rows(content: bytes, filename: str) -> list[list[Any]]:
    """Every row of the file, the headings' first."""
    if len(content) > MAX_BYTES:
        raise TooLarge(TOO_BIG)
    if filename.lower().endswith(".csv"):
        return _csv_rows(content)
    book = _bounded_workbook(content)
    try:
        sheet = CalamineWorkbook.from_filelike(book).get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise UnreadableFile(f"无法读取文件: {exc}") from exc


def _csv_rows(content: bytes) -> list[list[Any]]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    found: list[list[Any]] = []
    try:
        for row in csv.reader(_bounded_lines(text)):
            if len(found) > MAX_ROWS:
                raise TooLarge(TOO_MANY_ROWS)
            if len(row) > MAX_COLUMNS:
                raise TooLarge(TOO_MANY_COLUMNS)
            found.append(row)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"无法读取文件: {exc}") from exc
    return found


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, each read no further than MAX_LINE: csv builds a whole row before
    its columns can be counted, and one line of 16 million short fields cost 1.3 GB."""
    while line := text.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE:
            raise TooLarge(LINE_TOO_LONG)
        yield line


# The xlsx: only the parts calamine needs, from where every writer puts them.

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    f' xmlns:r="{RELATIONSHIPS}"><workbookPr date1904="{{}}"/>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def _bounded_workbook(content: bytes) -> io.BytesIO:
    """The first sheet with the shared strings and styles it uses, checked, as a new xlsx."""
    if content.count(b"PK\x01\x02") > MAX_MEMBERS:  # each entry starts so: not a workbook
        raise UnreadableFile(NOT_XLSX)
    try:
        parts = _Parts(content, zipfile.ZipFile(io.BytesIO(content)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(NOT_XLSX) from exc
    sheet_path, date1904 = _first_sheet(parts)
    strings = parts.read("xl/sharedStrings.xml")
    lengths = _string_lengths(strings) if strings is not None else array("L")
    sheet = parts.read(sheet_path)
    if sheet is None:
        raise UnreadableFile(NOT_XLSX)
    _SheetScan.check(sheet, lengths)
    styles = parts.read("xl/styles.xml")
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_STORED) as rebuilt:
        rebuilt.writestr("[Content_Types].xml", CONTENT_TYPES)
        rebuilt.writestr("_rels/.rels", PACKAGE_RELS)
        rebuilt.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        rebuilt.writestr("xl/workbook.xml", WORKBOOK.format(int(date1904)))
        rebuilt.writestr("xl/worksheets/sheet1.xml", bytes(sheet))
        for name, part in (("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles)):
            if part is not None:
                rebuilt.writestr(name, bytes(part))
    book.seek(0)
    return book


class _Parts:
    """The zip's members as their data really inflates (a header may lie about its size),
    every byte counted against MAX_UNPACKED and each part against MAX_RATIO."""

    def __init__(self, content: bytes, archive: zipfile.ZipFile) -> None:
        self.content = content
        # calamine finds a part whatever the case of its name, and so do we
        self.members = {i.filename.replace("\\", "/").lower(): i for i in archive.infolist()}
        self.unpacked = 0

    def read(self, name: str) -> bytearray | None:
        member = self.members.get(posixpath.normpath(name).lower())
        if member is None:
            return None
        part = bytearray()
        allowed = MAX_RATIO * member.compress_size + CHUNK
        for chunk in self._inflated(member):
            self.unpacked += len(chunk)
            if self.unpacked > MAX_UNPACKED:
                raise TooLarge(TOO_BIG_UNPACKED)
            if len(part) + len(chunk) > allowed:
                raise TooLarge(ZIP_BOMB)
            part += chunk
        return part

    def _inflated(self, member: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's data from its local header on, inflated to where its deflate stream
        ends (where any reader stops), not to the size its headers give."""
        if member.flag_bits & 0x1 or member.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise UnreadableFile(NOT_XLSX)  # encrypted, or compressed as no xlsx is
        try:
            header = struct.unpack_from("<4s22xHH", self.content, member.header_offset)
        except struct.error as exc:
            raise UnreadableFile(NOT_XLSX) from exc
        signature, name, extra = header
        if signature != b"PK\x03\x04":
            raise UnreadableFile(NOT_XLSX)
        start = member.header_offset + 30 + name + extra
        data = memoryview(self.content)[start : start + member.compress_size]
        if member.compress_type == zipfile.ZIP_STORED:
            for at in range(0, len(data), CHUNK):
                yield bytes(data[at : at + CHUNK])
            return
        inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            while not inflate.eof:
                chunk = inflate.decompress(data, CHUNK)
                data = memoryview(inflate.unconsumed_tail)
                if not chunk and not data:
                    return  # cut short: calamine will say so
                yield chunk
        except zlib.error as exc:
            raise UnreadableFile(NOT_XLSX) from exc


def _parser() -> Any:
    """An expat parser for a part: UTF-8 (the sheet is read as bytes below) and no DTD."""
    parser = expat.ParserCreate()

    def declared(_version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower().replace("-", "") != "utf8":
            raise UnreadableFile(NOT_XLSX)

    def doctype(*_: Any) -> None:
        raise UnreadableFile(NOT_XLSX)  # entities: text that grows as it is read

    parser.XmlDeclHandler = declared
    parser.StartDoctypeDeclHandler = doctype
    return parser


def _parse(parser: Any, xml: bytearray) -> None:
    if bytes(xml[:2]) in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableFile(NOT_XLSX)  # UTF-16
    view = memoryview(xml)
    try:
        for at in range(0, len(view), CHUNK):
            parser.Parse(view[at : at + CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise UnreadableFile(f"无法读取文件: {exc}") from exc


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _first_sheet(parts: _Parts) -> tuple[str, bool]:
    """The path of the workbook's first sheet (as calamine's index 0) and whether its dates
    count from 1904."""
    workbook, rels = parts.read("xl/workbook.xml"), parts.read("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise UnreadableFile(NOT_XLSX)
    found: dict[str, str] = {}

    def in_workbook(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "sheet" and "id" not in found:
            found["id"] = next((v for k, v in attrs.items() if _local(k) == "id"), "")
        elif local == "workbookPr":
            found["date1904"] = attrs.get("date1904", "")

    parser = _parser()
    parser.StartElementHandler = in_workbook
    _parse(parser, workbook)

    def in_rels(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and attrs.get("Id") == found.get("id"):
            found.setdefault("target", attrs.get("Target", ""))
            found.setdefault("type", attrs.get("Type", ""))

    parser = _parser()
    parser.StartElementHandler = in_rels
    _parse(parser, rels)
    if not found.get("target"):
        raise UnreadableFile(NOT_XLSX)
    if not found["type"].endswith("/worksheet"):
        raise UnreadableFile("第一个工作表不是数据表, 请使用下载的模板")
    target = found["target"]
    path = target[1:] if target.startswith("/") else "xl/" + target
    return path, found.get("date1904") in ("1", "true")


def _string_lengths(strings: bytearray) -> array[int]:
    """Each shared string's length in characters, at least (as calamine numbers them: the
    `si` elements of the first `sst`, one string each)."""
    lengths: array[int] = array("L")
    state = {"in_sst": False, "si": 0, "length": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "sst" and not state["in_sst"]:
            state["in_sst"] = True
            count = attrs.get("uniqueCount", "").lstrip("+")
            if count.isascii() and count.isdigit() and int(count) > MAX_CELLS:
                raise TooLarge(TOO_MANY_CELLS)  # calamine reserves that many at once
        elif local == "si" and state["in_sst"]:
            if state["si"]:
                raise UnreadableFile(NOT_XLSX)  # a string within a string
            state["si"], state["length"] = 1, 0

    def end(name: str) -> None:
        local = _local(name)
        if local == "si" and state["si"]:
            state["si"] = 0
            lengths.append(state["length"])
            if len(lengths) > MAX_CELLS:
                raise TooLarge(TOO_MANY_CELLS)
        elif local == "sst":
            state["in_sst"] = False

    def text(data: str) -> None:
        if state["si"]:
            state["length"] += len(data)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    _parse(parser, strings)
    return lengths


# A start tag as expat has already checked it: a name, attributes whose quoted values may
# hold a `>`, then `>` or `/>`.
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


class _Positional(Exception):
    """A cell without a reference: its place depends on where rows end."""


class _SheetScan:
    """Where the sheet's cells are and how much shared text they hold, as calamine will find
    them: the sheet's declared range, each cell that has a value at its reference (or, with
    none, after the previous cell, rows ending where they end), and each shared string cell
    charged the length of the string its raw value names (calamine reads the raw text)."""

    def __init__(self, sheet: bytearray, lengths: array[int], positional: bool) -> None:
        self.sheet, self.lengths, self.positional = sheet, lengths, positional
        self.row = self.col = 0  # calamine's place for a cell without a reference
        self.pending: tuple[int, int] | None = None  # the open cell, until it shows a value
        self.shared = False
        self.cells = self.text = 0
        self.parser = _parser()
        self.parser.StartElementHandler = self.start
        if positional:
            self.parser.EndElementHandler = self.end

    @classmethod
    def check(cls, sheet: bytearray, lengths: array[int]) -> None:
        """A sheet laid out as writers do is read in a few scans in C (a well-formed
        document, then `_plainly_within_bounds`); any other, element by element: where
        every cell names its place (every writer we know does so), one pass; else a second
        that follows where each row ends."""
        _parse(_parser(), sheet)
        if _plainly_within_bounds(sheet, lengths):
            return
        try:
            _parse(cls(sheet, lengths, positional=False).parser, sheet)
        except _Positional:
            _parse(cls(sheet, lengths, positional=True).parser, sheet)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name if ":" not in name else _local(name)  # the check costs less than a call
        if local == "c":
            self._cell(attrs)
        elif local == "v" or local == "is":
            self._value(local == "v")
        elif local == "row":
            if self.positional and "r" in attrs:
                self.row = _place("A" + attrs["r"])[0] if attrs["r"].isdigit() else self.row
        elif local == "dimension":
            for corner in attrs.get("ref", "").split(":"):
                if corner and _beyond(*_place(corner.replace("$", ""))):
                    raise TooLarge(DECLARED_TOO_BIG)
        elif local == "mergeCell":
            self._count()

    def end(self, name: str) -> None:
        if _local(name) == "row":
            self.row, self.col = self.row + 1, 0

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is not None:
            self.pending = _place(ref)
            self.col = self.pending[1] + 1
        elif not self.positional:
            raise _Positional
        else:
            self.pending = (self.row, self.col)
            self.col += 1
        self.shared = attrs.get("t") == "s"

    def _value(self, raw: bool) -> None:
        if self.pending is not None:
            if _beyond(*self.pending):
                raise TooLarge(TOO_MANY_ROWS if self.pending[0] > MAX_ROWS else TOO_MANY_COLUMNS)
            self.pending = None
            self._count()
        if raw and self.shared:
            self.text += self._shared_length(self.parser.CurrentByteIndex)
            if self.text > MAX_SHARED_TEXT:
                raise TooLarge(TOO_MUCH_TEXT)

    def _count(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise TooLarge(TOO_MANY_CELLS)

    def _shared_length(self, at: int) -> int:
        """The length of the string the `<v>` at `at` names as calamine reads it: its first
        text, up to markup or an entity, as a number (0 if not one)."""
        if self.sheet.startswith(b"<v>", at):  # as every writer puts it: no attributes
            start = at + 3
        else:
            tag = _START_TAG.match(self.sheet, at)  # past its attributes, a `>` in them too
            if tag is None:
                raise UnreadableFile(NOT_XLSX)
            start = tag.end()
        stop = self.sheet.find(b"<", start)
        raw = bytes(self.sheet[start:stop])
        if raw.isdigit():  # the usual value: an index and nothing else
            index = int(raw)
            return self.lengths[index] if index < len(self.lengths) else 0
        names = [0]
        cut = raw.split(b"&", 1)[0].strip(b" \t\r\n+")
        if cut != raw and cut.isdigit():
            names.append(int(cut))
        return max(self.lengths[i] if i < len(self.lengths) else 0 for i in names)


_CELL_TAGS = tuple(b"<c" + end for end in (b" ", b"\t", b"\n", b"\r", b">", b"/"))
_REF_OPENS = b'<c r="'
_ODD_REF = re.compile(rb'<c r="(?![A-Z]{1,3}[0-9]{1,7}")')
_PREFIXED_ELEMENT = re.compile(rb"<[^\s/>!?]*:")
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"')
_SHARED_INDEX = re.compile(rb't="s"[^<>]*><v>([0-9]{1,9})</v>')


def _plainly_within_bounds(sheet: bytearray, lengths: array[int]) -> bool:
    """Whether a well-formed sheet is, read as plain text, surely within every bound: no
    comments, CDATA or prefixed elements; every cell opening `<c r="A1"` (uppercase, the
    reference first); no column past the last, no row past the limit; at most MAX_CELLS
    cells; its declared range within bounds; and its shared text, each shared cell written
    `t="s" …><v>index</v>` charged its string and any other cell the longest, within
    MAX_SHARED_TEXT. Anything else (False) is read element by element, which decides."""
    if b"<!" in sheet or _PREFIXED_ELEMENT.search(sheet):
        return False
    cells = sum(sheet.count(tag) for tag in _CELL_TAGS)
    if sheet.count(_REF_OPENS) != cells or _ODD_REF.search(sheet):
        return False
    if cells + sheet.count(b"<mergeCell ") > MAX_CELLS or _too_far(sheet):
        return False
    if b"<dimension" in sheet:
        declared = _DIMENSION.search(sheet)
        if declared is None or any(_beyond(*_place(c)) for c in declared[1].decode().split(":")):
            return False
    shared = array("L", map(int, map(operator.itemgetter(1), _SHARED_INDEX.finditer(sheet))))
    length = dict(enumerate(lengths)).get
    text = sum(map(length, shared, itertools.repeat(0)))
    longest = max(lengths, default=0)
    return text + (cells - len(shared)) * longest <= MAX_SHARED_TEXT


def _too_far(sheet: bytearray) -> bool:
    """Whether a cell reference (`<c r="…"`, as checked above) lies past the last column or
    the last row: only references of as many digits as the limit are read one by one."""
    last_column = chr(ord("A") + MAX_COLUMNS - 1).encode()
    past_column = (
        rb'<c r="(?:[A-Z]{2}'
        + (rb"|[" + bytes([last_column[0] + 1]) + rb"-Z]" if last_column < b"Z" else b"")
        + rb")"
    )
    if re.search(past_column, sheet):
        return True
    last_row = MAX_ROWS + 1  # references count from 1, the headings' row
    long_rows = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{%d,})"' % len(str(last_row)))
    return any(int(found[1]) > last_row for found in long_rows.finditer(sheet))


def _place(ref: str) -> tuple[int, int]:
    """A reference such as "B12" (calamine's reading: letters, then digits) as (row, column)
    from 0."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if not digits or not letters.isascii() or not letters.isalpha():
        raise UnreadableFile(f"无法读取文件: 单元格位置有误 ({ref[:12]})")
    return max(int(digits) - 1, 0), _column(letters)


@functools.lru_cache(maxsize=1024)  # a sheet has few columns and a million references
def _column(letters: str) -> int:
    """ "A" as 0, "AA" as 26."""
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column - 1


def _beyond(row: int, column: int) -> bool:
    return row > MAX_ROWS or column >= MAX_COLUMNS
