"""A virtual card on vpcd's socket (vsmartcard's virtual reader driver for pcscd), and the
pcscd it plugs into, so the `pcsc` backend is tested through the real PC/SC stack: pyscard,
libpcsclite, pcscd, vpcd.

vpcd listens on its port; a card "lies on the reader" while it is connected. The protocol:
every message is a 2-byte big-endian length, then the payload. A 1-byte payload from vpcd is
a control code (0 power off, 1 power on, 2 reset, 4 "your ATR?", answered with the ATR);
a longer one is a command APDU, answered with the response APDU.

Two cards: `ChipCard`, a plain chip with a serial number (GET DATA FF CA), and `EPassport`,
which adds the eMRTD application with the chip's side of Basic Access Control and secure
messaging over a data group 1. The card side is written here from icao.py's primitives (key
derivation, 3DES, retail MAC, TLV); those are proven against ICAO's worked example in the
unit tests, and the protocol itself is the passport chip's, independent of the terminal's.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

from smartcard import scard

from liudong_cardreader import icao

PCSCD = Path("/usr/sbin/pcscd")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
DRIVERS = Path("/usr/lib/pcsc/drivers")  # pcscd's USB drivers, hidden from ours
READER = "Virtual PCD 00 00"  # vpcd's first slot; its second ("00 01", next port) stays empty

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"
NO_INS = b"\x6d\x00"
NOT_ALLOWED = b"\x69\x86"
CONDITIONS = b"\x69\x85"
DENIED = b"\x69\x82"
AUTH_FAILED = b"\x63\x00"
SM_WRONG = b"\x69\x88"
OFFSET_WRONG = b"\x6b\x00"


def contactless_atr(historical: bytes) -> bytes:
    """An ATR as PC/SC part 3 builds for an ISO 14443-4 card: T=1, then the historical
    bytes, then the check byte."""
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes([tck])


class ChipCard:
    """A contactless chip that only tells its serial number."""

    def __init__(self, uid: bytes, atr: bytes | None = None) -> None:
        self.uid = uid
        self.atr = atr or contactless_atr(b"\x00\x00\x00\x00")

    def power(self) -> None:
        """Power off, on or reset: a chip forgets any session."""

    def answer(self, apdu: bytes) -> bytes:
        if apdu[:4] == b"\xff\xca\x00\x00":
            return self.uid + OK
        if apdu[1:2] == b"\xa4":
            return NOT_FOUND
        return NO_INS


def td3(
    *,
    surname: str,
    given_names: str,
    number: str,
    nationality: str,
    birth: str,
    sex: str,
    expiry: str,
    issuer: str | None = None,
    personal: str = "",
) -> str:
    """A passport's two 44-character MRZ lines (dates YYMMDD), check digits computed."""

    def field(text: str, width: int) -> str:
        return text.upper().replace(" ", "<").ljust(width, "<")[:width]

    names = f"{surname}<<{given_names}".upper().replace(" ", "<")
    first = field(f"P<{issuer or nationality}{names}", 44)
    number_f, personal_f = field(number, 9), field(personal, 14)
    second = (
        number_f
        + icao.check_digit(number_f)
        + field(nationality, 3)
        + birth
        + icao.check_digit(birth)
        + sex
        + expiry
        + icao.check_digit(expiry)
        + personal_f
        + icao.check_digit(personal_f)
    )
    composite = second[0:10] + second[13:20] + second[21:43]
    return first + second + icao.check_digit(composite)


class EPassport(ChipCard):
    """An e-passport chip: the eMRTD application, BAC with the keys of its own MRZ (the
    document number, birth and expiry dates with their check digits, as printed on line 2),
    then EF.DG1 under secure messaging. A wrong key is refused with 6300."""

    def __init__(self, mrz: str, uid: bytes = b"\x08\x12\x34\x56") -> None:
        super().__init__(uid, contactless_atr(b"\x65\x4d\x52\x54\x44"))
        line2 = mrz[44:]
        seed = icao.key_seed(line2[0:10] + line2[13:20] + line2[21:28])
        self.k_enc, self.k_mac = icao.derive_key(seed, icao.ENC), icao.derive_key(seed, icao.MAC)
        self.dg1 = icao.tlv(0x61, icao.tlv(0x5F1F, mrz.encode("ascii")))
        self.power()

    def power(self) -> None:
        self.selected_app = False
        self.challenge: bytes | None = None
        self.session: tuple[bytes, bytes] | None = None  # KS_enc, KS_mac
        self.ssc = 0
        self.selected_file: bytes | None = None

    def answer(self, apdu: bytes) -> bytes:
        if apdu[:4] == b"\xff\xca\x00\x00":
            return self.uid + OK
        if apdu[0] == 0x0C:
            return self._secure(apdu)
        command = icao.Command.parse(apdu)
        if command.ins == 0xA4 and command.p1 == 0x04:
            self.power()
            self.selected_app = command.data == icao.EMRTD_AID
            return OK if self.selected_app else NOT_FOUND
        if not self.selected_app:
            return CONDITIONS
        if command.ins == 0x84 and command.le == 8:
            self.challenge = os.urandom(8)
            return self.challenge + OK
        if command.ins == 0x82:
            return self._mutual_authenticate(command.data)
        self.session = None  # anything else in the clear ends a session
        return DENIED

    def _mutual_authenticate(self, data: bytes) -> bytes:
        rnd_ic, self.challenge = self.challenge, None
        if rnd_ic is None or len(data) != 40:
            return CONDITIONS
        e_ifd, m_ifd = data[:32], data[32:]
        if not hmac.compare_digest(icao.retail_mac(self.k_mac, e_ifd), m_ifd):
            return AUTH_FAILED
        plain = icao.decrypt(self.k_enc, e_ifd)
        rnd_ifd, echoed, k_ifd = plain[:8], plain[8:16], plain[16:]
        if echoed != rnd_ic:
            return AUTH_FAILED
        k_ic = os.urandom(16)
        e_ic = icao.encrypt(self.k_enc, rnd_ic + rnd_ifd + k_ic)
        self.session = icao.session_keys(k_ifd, k_ic)
        self.ssc = icao.send_sequence_counter(rnd_ic, rnd_ifd)
        return e_ic + icao.retail_mac(self.k_mac, e_ic) + OK

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def _secure(self, apdu: bytes) -> bytes:
        """A protected command: its MAC checked, its data decrypted, the answer protected."""
        if self.session is None:
            return SM_WRONG
        ks_enc, ks_mac = self.session
        try:
            command = icao.Command.parse(apdu)
            objects: dict[int, tuple[bytes, bytes]] = {}
            at = 0
            while at < len(command.data):
                tag, value, end = icao.read_tlv(command.data, at)
                objects[tag] = (command.data[at:end], value)
                at = end
        except icao.IcaoError:
            self.session = None
            return SM_WRONG
        do87 = objects.get(0x87, (b"", b""))
        do97 = objects.get(0x97, (b"", b""))
        header = bytes([command.cla, command.ins, command.p1, command.p2])
        mac = icao.retail_mac(ks_mac, self._next_ssc() + icao.pad(header) + do87[0] + do97[0])
        if 0x8E not in objects or not hmac.compare_digest(mac, objects[0x8E][1]):
            self.session = None
            return SM_WRONG
        data = icao.unpad(icao.decrypt(ks_enc, do87[1][1:])) if do87[1] else b""
        le = do97[1][0] if do97[1] else None
        result, status = self._execute(command.ins, command.p1, command.p2, data, le)
        ssc = self._next_ssc()
        body = b""
        if result:
            body += icao.tlv(0x87, b"\x01" + icao.encrypt(ks_enc, icao.pad(result)))
        body += icao.tlv(0x99, status)
        return body + icao.tlv(0x8E, icao.retail_mac(ks_mac, ssc + body)) + OK

    def _execute(
        self, ins: int, p1: int, p2: int, data: bytes, le: int | None
    ) -> tuple[bytes, bytes]:
        if ins == 0xA4 and p1 == 0x02:
            self.selected_file = data if data == icao.DG1_FID else None
            return b"", OK if self.selected_file else NOT_FOUND
        if ins == 0xB0:
            if self.selected_file is None:
                return b"", NOT_ALLOWED
            offset = (p1 << 8) | p2
            if offset >= len(self.dg1):
                return b"", OFFSET_WRONG
            return self.dg1[offset : offset + (le or 256)], OK
        return b"", NO_INS


class VpcdSlot:
    """The card side of one vpcd reader slot (vpcd on 127.0.0.1:`port`). `insert` connects a
    card and answers vpcd from a thread; `remove` disconnects it, as a hand takes it away.
    `pull_on` (an INS) makes the card vanish when that command comes, unanswered."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.address = (host, port)
        self.pull_on: int | None = None
        self.card: ChipCard | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def inserted(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def insert(self, card: ChipCard) -> None:
        self.remove()
        sock = socket.create_connection(self.address, timeout=5)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        card.power()
        self.card, self._sock = card, sock
        self._thread = threading.Thread(target=self._serve, args=(sock, card), daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, thread = self._sock, self._thread
        self._sock = self._thread = None
        self.card = None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _serve(self, sock: socket.socket, card: ChipCard) -> None:
        try:
            while True:
                (length,) = struct.unpack(">H", _receive(sock, 2))
                message = _receive(sock, length)
                if length == 1:
                    if message[0] == GET_ATR:
                        _send(sock, card.atr)
                    elif message[0] in (POWER_OFF, POWER_ON, RESET):
                        card.power()
                    continue
                if self.pull_on is not None and message[1:2] == bytes([self.pull_on]):
                    break  # taken away before it answered
                _send(sock, card.answer(message))
        except (OSError, EOFError):
            pass  # removed, or vpcd went away
        finally:
            with contextlib.suppress(OSError):
                sock.close()


def _receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
        # Linux leaves quick-ack mode by itself: ask again after every read, or vpcd's two
        # writes (length, then payload) wait ~40 ms on our delayed ACK for each message.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


# pcscd runs in a mount namespace of its own (unshare; root), so nothing it writes reaches the
# machine and no system pcscd is disturbed: a tmpfs on /run holds its /run/pcscd, bound to our
# folder (socket and pid file: pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME, its clients honour
# it), and a tmpfs over the driver folder hides the USB drivers, so a real reader on the
# machine stays the system pcscd's and ours has only the vpcd reader.
_NAMESPACE = r"""
set -e
mount -t tmpfs -o size=1m,mode=0755 liudong-run /run
mkdir /run/pcscd
mount --bind "$1" /run/pcscd
touch /run/libifdvpcd.so
mount --bind "$2" /run/libifdvpcd.so
mount -t tmpfs -o size=1m,mode=0755 liudong-drivers "$3"
exec "$4" --foreground --info -c "$5"
"""


class PcscdFailed(RuntimeError):
    """pcscd did not come up with the vpcd reader."""


class Pcscd:
    """A pcscd of the tests' own: config in `root`/reader.conf.d (one vpcd reader on
    127.0.0.1:`port`), socket `root`/run/pcscd.comm, log `root`/pcscd.log. Its clients
    find it through PCSCLITE_CSOCK_NAME, which must be set before the process's first
    PC/SC context (libpcsclite reads it once)."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.socket = root / "run" / "pcscd.comm"
        self.log_path = root / "pcscd.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, ready_s: float = 10.0) -> None:
        conf, run = self.root / "reader.conf.d", self.root / "run"
        conf.mkdir(parents=True, exist_ok=True)
        run.mkdir(parents=True, exist_ok=True)
        (conf / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME   /dev/null:0x{self.port:X}\n"
            "LIBPATH      /run/libifdvpcd.so\n"
            f"CHANNELID    0x{self.port:X}\n"
        )
        self._log = self.log_path.open("ab")
        unshare = ["unshare", "--mount", "--propagation", "private"]
        args = [str(run), str(VPCD_DRIVER), str(DRIVERS), str(PCSCD), str(conf)]
        self._process = subprocess.Popen(
            [*unshare, "sh", "-c", _NAMESPACE, "pcscd", *args],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + ready_s
        while READER not in self.readers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise PcscdFailed(f"pcscd did not show {READER!r}:\n{self.log_tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stops our pcscd by its pid (unshare and sh exec'd into it: the pid is pcscd's)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @staticmethod
    def readers() -> list[str]:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return []
        try:
            hresult, names = scard.SCardListReaders(context, [])
            return list(names) if hresult == scard.SCARD_S_SUCCESS else []
        finally:
            scard.SCardReleaseContext(context)

    @staticmethod
    def wait_card(present: bool, timeout: float = 5.0) -> None:
        """Until pcscd sees a card on our reader (or none), as a clerk's hand takes one card
        away before putting the next down. Seen by pcscd's own poll, not only believed: a
        failed power-down marks the card absent at once, but until its poll of the reader
        notices too, a card put back would go unseen. pcsc-lite counts the insertions and
        removals its poll notices in the high 16 bits of the state, from 0 with no card:
        an odd count means it saw a card come last, an even one, go."""
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert hresult == scard.SCARD_S_SUCCESS, "pcscd is not running"
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                hresult, states = scard.SCardGetStatusChange(
                    context, 100, [(READER, scard.SCARD_STATE_UNAWARE)]
                )
                if hresult == scard.SCARD_S_SUCCESS:
                    state = states[0][1]
                    seen = bool(state & scard.SCARD_STATE_PRESENT)
                    if seen == present == bool((state >> 16) % 2):
                        return
                time.sleep(0.05)
            raise AssertionError(f"pcscd never saw the card {'come' if present else 'go'}")
        finally:
            scard.SCardReleaseContext(context)


def free_port_pair() -> int:
    """A port free with the next one too: vpcd listens on both (its two slots), on every
    address, so both are probed there."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("", 0))
            port: int = probe.getsockname()[1]
        if port < 65535 and _free(port) and _free(port + 1):
            return port
    raise RuntimeError("no two free ports in a row")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError:
            return False
        return True
