"""ICAO Doc 9303 as far as the agent reads an e-passport: the MRZ check digits (Part 3),
Basic Access Control and secure messaging with 3DES (Part 11), and data group 1, the chip's
copy of the machine-readable zone (Parts 4, 5, 10).

Pure: no I/O and no randomness (the caller draws RND.IFD and K.IFD). Every cipher is
`cryptography`'s DES/3DES; only the ISO 9797-1 chaining of the retail MAC is written here.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from liudong_cardreader.reader import Mrz, Passport

BLOCK = 8  # the DES block, in bytes
ENC, MAC = 1, 2  # key derivation counters (Part 11, 9.7.1)
ZERO_IV = bytes(BLOCK)
SW_OK = 0x9000
EMRTD_AID = bytes.fromhex("A0000002471001")
DG1_FID = bytes.fromhex("0101")


class IcaoError(ValueError):
    """A value that does not follow Doc 9303."""


class AuthenticationFailed(IcaoError):
    """The chip's answer to MUTUAL AUTHENTICATE does not prove it holds the same keys."""


class SecureMessagingError(IcaoError):
    """A protected response whose checksum or layout is wrong: never to be believed."""


class Dg1Error(IcaoError):
    """Data group 1 that holds no machine-readable zone we can read."""


# --- the machine-readable zone ------------------------------------------------------------

_WEIGHTS = (7, 3, 1)


def _char_value(char: str) -> int:
    if char == "<":
        return 0
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise IcaoError(f"{char!r} is not an MRZ character")


def check_digit(field: str) -> str:
    """The check digit of an MRZ field: 7-3-1 weights, modulus 10 (Part 3, 4.9)."""
    total = sum(_char_value(char) * _WEIGHTS[i % 3] for i, char in enumerate(field))
    return str(total % 10)


def mrz_information(document_number: str, birth_date: date, expiry_date: date) -> str:
    """The MRZ information BAC keys come from: the document number (filled to nine
    characters; a longer one whole), the birth and expiry dates YYMMDD, each with its
    check digit (Part 11, 9.7.2)."""
    number = document_number.strip().upper().replace(" ", "").ljust(9, "<")
    birth, expiry = birth_date.strftime("%y%m%d"), expiry_date.strftime("%y%m%d")
    return "".join(part + check_digit(part) for part in (number, birth, expiry))


def _sha1(data: bytes) -> bytes:
    """Doc 9303 derives BAC's keys with SHA-1: not our choice to make."""
    return hashlib.sha1(data).digest()  # noqa: S324


def key_seed(information: str) -> bytes:
    """K_seed: the first 16 bytes of SHA-1 over the MRZ information."""
    return _sha1(information.encode("ascii"))[:16]


def adjust_parity(key: bytes) -> bytes:
    """Each byte with odd parity in its lowest bit, as DES keys carry it."""
    return bytes((b & 0xFE) | (bin(b >> 1).count("1") + 1) % 2 for b in key)


def derive_key(seed: bytes, counter: int) -> bytes:
    """A 2-key 3DES key from a seed and a counter (ENC or MAC): SHA-1 of seed||counter,
    16 bytes, parity adjusted (Part 11, 9.7.1.1)."""
    return adjust_parity(_sha1(seed + counter.to_bytes(4, "big"))[:16])


def bac_keys(mrz: Mrz) -> tuple[bytes, bytes]:
    """(K_enc, K_mac) of the chip whose data page the clerk typed."""
    seed = key_seed(mrz_information(mrz.document_number, mrz.birth_date, mrz.expiry_date))
    return derive_key(seed, ENC), derive_key(seed, MAC)


# --- ciphers: cryptography's DES and 3DES ------------------------------------------------


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80, then zeros to a whole block."""
    return data + b"\x80" + bytes(-(len(data) + 1) % BLOCK)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80") or len(data) - len(stripped) >= BLOCK:
        raise SecureMessagingError("bad padding")
    return stripped[:-1]


def _tdes(key: bytes) -> TripleDES:
    """Two-key 3DES (K1, K2, K1) from 16 bytes; single DES (K1, K1, K1) from 8."""
    if len(key) == 16:
        return TripleDES(key + key[:8])
    if len(key) == BLOCK:
        return TripleDES(key * 3)
    raise IcaoError("a DES key has 8 or 16 bytes")


def encrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC (or DES-CBC with an 8-byte key) of whole blocks, zero IV by default."""
    if len(data) % BLOCK:
        raise IcaoError("not a whole number of blocks")
    encryptor = Cipher(_tdes(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def decrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    if len(data) % BLOCK:
        raise IcaoError("not a whole number of blocks")
    decryptor = Cipher(_tdes(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with padding method 2 (the "retail MAC"): DES-CBC
    under K1 over all blocks but the last, the last block under 3DES (K1, K2, K1)."""
    if len(key) != 16:
        raise IcaoError("the MAC key has 16 bytes")
    padded = pad(data)
    head, last = padded[:-BLOCK], padded[-BLOCK:]
    chained = encrypt(key[:BLOCK], head)[-BLOCK:] if head else ZERO_IV
    return encrypt(key, last, iv=chained)


# --- Basic Access Control ----------------------------------------------------------------


def session_keys(k_ifd: bytes, k_ic: bytes) -> tuple[bytes, bytes]:
    """(KS_enc, KS_mac) from the two key halves both sides chose."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return derive_key(seed, ENC), derive_key(seed, MAC)


def send_sequence_counter(rnd_ic: bytes, rnd_ifd: bytes) -> int:
    """SSC: the low four bytes of RND.IC, then those of RND.IFD."""
    return int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")


@dataclass(frozen=True)
class Bac:
    """The terminal's side of BAC (Part 11, 9.7.4 and Appendix D.3): `rnd_ic` from the
    chip's GET CHALLENGE, `rnd_ifd` (8 bytes) and `k_ifd` (16 bytes) freshly random."""

    k_enc: bytes
    k_mac: bytes
    rnd_ic: bytes
    rnd_ifd: bytes
    k_ifd: bytes

    def command_data(self) -> bytes:
        """E_IFD || M_IFD: the 40 bytes MUTUAL AUTHENTICATE sends."""
        e_ifd = encrypt(self.k_enc, self.rnd_ifd + self.rnd_ic + self.k_ifd)
        return e_ifd + retail_mac(self.k_mac, e_ifd)

    def session(self, answer: bytes) -> SecureMessaging:
        """The chip's 40-byte answer (E_IC || M_IC) checked, the session it opens."""
        if len(answer) != 40:
            raise AuthenticationFailed("the answer has 40 bytes")
        e_ic, m_ic = answer[:32], answer[32:]
        if not hmac.compare_digest(retail_mac(self.k_mac, e_ic), m_ic):
            raise AuthenticationFailed("the chip's checksum does not match")
        plain = decrypt(self.k_enc, e_ic)
        if plain[:8] != self.rnd_ic or plain[8:16] != self.rnd_ifd:
            raise AuthenticationFailed("the chip did not return our challenge")
        ks_enc, ks_mac = session_keys(self.k_ifd, plain[16:])
        return SecureMessaging(ks_enc, ks_mac, send_sequence_counter(self.rnd_ic, self.rnd_ifd))


# --- secure messaging --------------------------------------------------------------------


def ber_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    if length < 0x100:
        return bytes([0x81, length])
    if length < 0x10000:
        return bytes([0x82]) + length.to_bytes(2, "big")
    raise IcaoError("too long")


def tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV data object (tags of one or two bytes)."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + ber_length(len(value)) + value


def read_tlv(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """(tag, value, where the next object starts) of the BER-TLV object at `at`."""
    try:
        tag, at = data[at], at + 1
        if tag & 0x1F == 0x1F:  # more tag bytes follow
            while True:
                tag, at = (tag << 8) | data[at], at + 1
                if not data[at - 1] & 0x80:
                    break
        length, at = data[at], at + 1
        if length & 0x80:
            count = length & 0x7F
            if not 1 <= count <= 3 or at + count > len(data):
                raise IcaoError("bad length")
            length, at = int.from_bytes(data[at : at + count], "big"), at + count
    except IndexError:
        raise IcaoError("truncated data object") from None
    if at + length > len(data):
        raise IcaoError("truncated data object")
    return tag, data[at : at + length], at + length


def tlv_size(head: bytes) -> int:
    """How many bytes the data object starting with `head` takes in all (tag, length,
    value): enough to know how much of a file to read."""
    at = 1
    if head[0] & 0x1F == 0x1F:
        while head[at] & 0x80:
            at += 1
        at += 1
    length = head[at]
    if not length & 0x80:
        return at + 1 + length
    count = length & 0x7F
    return at + 1 + count + int.from_bytes(head[at + 1 : at + 1 + count], "big")


@dataclass(frozen=True)
class Command:
    """A short command APDU taken apart (ISO/IEC 7816-4 cases 1 to 4)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # as the APDU encodes it: 0 asks for up to 256 bytes

    @classmethod
    def parse(cls, apdu: bytes) -> Command:
        if len(apdu) < 4:
            raise IcaoError("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = apdu[:4]
        if len(apdu) == 4:
            return cls(cla, ins, p1, p2)
        if len(apdu) == 5:
            return cls(cla, ins, p1, p2, le=apdu[4])
        lc = apdu[4]
        if lc and len(apdu) == 5 + lc:
            return cls(cla, ins, p1, p2, apdu[5:])
        if lc and len(apdu) == 6 + lc:
            return cls(cla, ins, p1, p2, apdu[5:-1], apdu[-1])
        raise IcaoError("not a short APDU")


class SecureMessaging:
    """A BAC session's secure messaging, terminal side (Part 11, 9.8): protects each
    command (DO'87' encrypted data, DO'97' Le, DO'8E' MAC) and checks each response
    (DO'87', DO'99' status, DO'8E'). The send sequence counter goes up by one for each."""

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int) -> None:
        self.ks_enc, self.ks_mac, self.ssc = ks_enc, ks_mac, ssc

    def _next(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(BLOCK, "big")

    def protect(self, apdu: bytes) -> bytes:
        """The protected form of a plain short APDU (even INS only: no DO'85')."""
        command = Command.parse(apdu)
        if command.ins & 1:
            raise IcaoError("odd INS (DO'85') is not supported")
        header = bytes([command.cla | 0x0C, command.ins, command.p1, command.p2])
        do87 = tlv(0x87, b"\x01" + encrypt(self.ks_enc, pad(command.data))) if command.data else b""
        do97 = tlv(0x97, bytes([command.le])) if command.le is not None else b""
        mac = retail_mac(self.ks_mac, self._next() + pad(header) + do87 + do97)
        body = do87 + do97 + tlv(0x8E, mac)
        if len(body) > 0xFF:
            raise IcaoError("too much data for a short APDU")
        return header + bytes([len(body)]) + body + b"\x00"

    def unprotect(self, response: bytes) -> tuple[bytes, int]:
        """(data, status word) of a protected response, its MAC checked. A bare error
        status (no data objects) is the chip refusing in the clear: returned as it is;
        a bare success is never believed."""
        if len(response) < 2:
            raise SecureMessagingError("no status word")
        body, trailer = response[:-2], int.from_bytes(response[-2:], "big")
        ssc = self._next()
        if not body:
            if trailer == SW_OK:
                raise SecureMessagingError("an unprotected success")
            return b"", trailer
        objects: dict[int, tuple[bytes, bytes]] = {}
        at = 0
        while at < len(body):
            tag, value, end = read_tlv(body, at)
            if tag not in (0x87, 0x99, 0x8E) or tag in objects:
                raise SecureMessagingError(f"unexpected data object {tag:X}")
            objects[tag] = (body[at:end], value)
            at = end
        if 0x8E not in objects or 0x99 not in objects:
            raise SecureMessagingError("a protected response needs DO'99' and DO'8E'")
        do87 = objects[0x87][0] if 0x87 in objects else b""
        do99, status = objects[0x99]
        expected = retail_mac(self.ks_mac, ssc + do87 + do99)
        if not hmac.compare_digest(expected, objects[0x8E][1]):
            raise SecureMessagingError("the response's checksum does not match")
        if len(status) != 2:
            raise SecureMessagingError("DO'99' holds two bytes")
        data = b""
        if 0x87 in objects:
            encrypted = objects[0x87][1]
            if encrypted[:1] != b"\x01":
                raise SecureMessagingError("unknown padding indicator")
            data = unpad(decrypt(self.ks_enc, encrypted[1:]))
        return data, int.from_bytes(status, "big")


# --- data group 1 ------------------------------------------------------------------------


def parse_dg1(dg1: bytes, today: date) -> Passport:
    """EF.DG1 (tag 61 holding 5F1F, the MRZ) as a Passport. `today` dates the two-digit
    years: a birth year is the latest not in the future, an expiry year at most 50 years
    ahead."""
    try:
        tag, value, _ = read_tlv(dg1)
        if tag != 0x61:
            raise Dg1Error("not data group 1")
        inner, mrz, _ = read_tlv(value)
        if inner != 0x5F1F:
            raise Dg1Error("no MRZ in data group 1")
        text = mrz.decode("ascii")
    except (IcaoError, UnicodeDecodeError) as exc:
        raise Dg1Error(str(exc)) from None
    return parse_mrz(text, today)


def parse_mrz(mrz: str, today: date) -> Passport:
    """A machine-readable zone as one string (line breaks allowed): TD3 (2 x 44, a
    passport), TD2 (2 x 36) or TD1 (3 x 30, a card)."""
    text = "".join(mrz.split())
    if len(text) == 88:
        return _two_lines(text[:44], text[44:], today)
    if len(text) == 72:
        return _two_lines(text[:36], text[36:], today)
    if len(text) == 90:
        return _td1(text[:30], text[30:60], text[60:], today)
    raise Dg1Error(f"an MRZ of {len(text)} characters")


def _two_lines(first: str, second: str, today: date) -> Passport:
    """TD3 and TD2 share their layout; only the lengths differ."""
    optional = second[28:-2]
    surname, given = _names(first[5:])
    return Passport(
        document_type=_field(first[0:2]),
        issuing_state=_field(first[2:5]),
        surname=surname,
        given_names=given,
        document_number=_document_number(second[0:9], second[9], optional),
        nationality=_field(second[10:13]),
        birth_date=_date(second[13:19], second[19], today, birth=True),
        sex=second[20],
        expiry_date=_date(second[21:27], second[27], today, birth=False),
    )


def _td1(first: str, second: str, third: str, today: date) -> Passport:
    surname, given = _names(third)
    return Passport(
        document_type=_field(first[0:2]),
        issuing_state=_field(first[2:5]),
        surname=surname,
        given_names=given,
        document_number=_document_number(first[5:14], first[14], first[15:30]),
        nationality=_field(second[15:18]),
        birth_date=_date(second[0:6], second[6], today, birth=True),
        sex=second[7],
        expiry_date=_date(second[8:14], second[14], today, birth=False),
    )


def _field(raw: str) -> str:
    return raw.replace("<", " ").strip()


def _names(raw: str) -> tuple[str, str]:
    surname, _, given = raw.partition("<<")
    return _field(surname), _field(given)


def _document_number(raw: str, check: str, optional: str) -> str:
    """A number longer than nine characters goes on in the optional data, its check
    digit last there, and '<' stands where the check digit would be (Part 4, 4.2.2)."""
    number = raw
    if check == "<":
        rest = optional.split("<", 1)[0]
        number, check = raw + rest[:-1], rest[-1:]
    _checked(number, check)
    return number.replace("<", "")


def _checked(field: str, check: str) -> None:
    try:
        matches = check_digit(field) == check
    except IcaoError:
        matches = False
    if not matches:
        raise Dg1Error("a check digit does not match")


def _date(raw: str, check: str, today: date, *, birth: bool) -> date:
    _checked(raw, check)
    if not raw.isdigit():
        raise Dg1Error("a date not given in full")
    yy, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    try:
        this_century = date(2000 + yy, month, day)
    except ValueError:
        this_century = None
    try:
        if birth:
            if this_century is not None and this_century <= today:
                return this_century
            return date(1900 + yy, month, day)
        if this_century is not None and this_century.year <= today.year + 50:
            return this_century
        return date(1900 + yy, month, day)
    except ValueError:
        raise Dg1Error("not a date") from None
