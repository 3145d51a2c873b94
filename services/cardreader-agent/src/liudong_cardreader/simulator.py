"""A simulated SAM ID-card reader on a pseudo-terminal, for tests and demos without hardware.

It answers GA 467 frames as a real reader does, behind a stable path (`<dir>/ttyUSB0`, a
link to the pty) that the agent opens as its device; unplugging it and plugging it back
gives a new pty behind the same path, as a USB reader pulled out and put back does. Tests
set the card on it and the faults a desk meets: a noisy line, a silent reader, a card pulled
away mid-read.

    python -m liudong_cardreader.simulator [--dir D] [--card resident|hmt_permit|foreigner]
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import signal
import tempfile
import threading
import tty
from pathlib import Path
from types import FrameType, TracebackType

from stdnum.cn import ric

from liudong_cardreader import ga467
from liudong_cardreader.card import PHOTO_BYTES, CardType, encode_text
from liudong_cardreader.ga467 import BadChecksum, FrameDecoder, Request, encode_response

SAMPLE_SAM_ID_TEXT = "05.01-20101028-0011187052-2147603829"
SAMPLE_SAM_ID = ga467.parse_sam_id(SAMPLE_SAM_ID_TEXT)
SAMPLE_PHOTO = (b"WL" + bytes(range(256)) * 4)[:PHOTO_BYTES]  # passed through, never decoded
TICK_S = 0.02  # how long the serving thread waits for bytes before looking at `stop` again
WRITE_S = 1.0  # longest wait for room in the pty before an answer is dropped


def _id_number(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")  # it drops the last character


SAMPLES: dict[CardType, dict[str, str]] = {
    "resident": {
        "name": "李晓明",
        "sex": "1",
        "ethnicity": "01",
        "birth_date": "19850312",
        "address": "北京市东城区东华门街道南池子大街12号",
        "id_number": _id_number("11010119850312123"),  # 17th digit odd: a man
        "issuer": "北京市公安局东城分局",
        "valid_from": "20150601",
        "valid_to": "20350601",
    },
    "hmt_permit": {
        "name": "陈美玲",
        "sex": "2",
        "birth_date": "19920521",
        "address": "广东省深圳市福田区福华一路88号",
        "id_number": _id_number("81000019920521002"),  # 810000: Hong Kong; even: a woman
        "issuer": "深圳市公安局",
        "valid_from": "20240101",
        "valid_to": "20290101",
        "permit_number": "H60123456",
        "issue_count": "02",
    },
    "foreigner": {
        "english_name": "SMITH, JOHN MICHAEL",
        "sex": "1",
        "id_number": "USA110078091512",
        "nationality": "USA",
        "chinese_name": "史密斯",
        "valid_from": "20200315",
        "valid_to": "20300315",
        "birth_date": "19780915",
        "card_version": "01",
        "issuer_code": "1100",
    },
}


def sample_card(card_type: CardType = "resident") -> tuple[bytes, bytes]:
    """(text block, photo) of a made-up but valid card of that type."""
    return encode_text(card_type, SAMPLES[card_type]), SAMPLE_PHOTO


class SimulatedReader:
    """A SAM reader behind `path`. What the tests set (read by the serving thread):

    - `card`: None (no card) or (text, photo); `put()` and `take()` set it.
    - `sam_id`: the 16 bytes answered to 12 FF.
    - `silent`: answer nothing, until set back to False.
    - One-shot faults, cleared once used: `bad_checksum_next` (the next answer's checksum is
      wrong), `garbage` (bytes sent before the next answer), `fail_read` (0x41 to the next
      30 01), `pull_mid_read` (the next 30 01 answer stops halfway and the card is gone).

    A request whose checksum is wrong gets 0x10, an unknown command 0x21."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        name: str = "ttyUSB0",
        sam_id: bytes = SAMPLE_SAM_ID,
    ) -> None:
        self.path = Path(directory) / name
        self.sam_id = sam_id
        self.card: tuple[bytes, bytes] | None = None
        self.silent = False
        self.bad_checksum_next = False
        self.garbage = b""
        self.fail_read = False
        self.pull_mid_read = False
        self._selected = False
        self._lock = threading.Lock()
        self._fds: tuple[int, int] | None = None  # (master, slave)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def __enter__(self) -> SimulatedReader:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.plug()

    def stop(self) -> None:
        self.unplug()

    def put(self, text: bytes, photo: bytes = SAMPLE_PHOTO) -> None:
        with self._lock:
            self.card, self._selected = (text, photo), False

    def take(self) -> None:
        with self._lock:
            self.card, self._selected = None, False

    @property
    def plugged(self) -> bool:
        return self._thread is not None

    def plug(self) -> None:
        """A new pty behind `path`, served by a new thread."""
        if self._thread is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no newline translation: frames are binary
        os.set_blocking(master, False)
        # The simulator keeps the slave open too, so the master never sees EIO between two
        # openings by the agent, and the raw mode set above stays.
        self._fds = (master, slave)
        _link(self.path, os.ttyname(slave))
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(master, self._stop), name="simulated-reader", daemon=True
        )
        self._thread.start()

    def unplug(self) -> None:
        """Pulled out: the path disappears and an agent holding the old pty gets EIO."""
        if self._thread is None or self._fds is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        for fd in self._fds:
            os.close(fd)
        self._fds = None
        self.path.unlink(missing_ok=True)

    def _serve(self, master: int, stop: threading.Event) -> None:
        decoder = FrameDecoder.for_requests()
        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], TICK_S)
            if not ready:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EAGAIN after a spurious wake-up; EIO never (the slave stays open)
                stop.wait(TICK_S)
                continue
            for frame in decoder.feed(chunk):
                self._answer(master, frame)

    def _answer(self, master: int, frame: Request | BadChecksum) -> None:
        if self.silent:
            return
        if isinstance(frame, BadChecksum):
            reply = encode_response(ga467.BAD_CHECKSUM)
        else:
            reply = self._reply(frame)
        with self._lock:
            garbage, corrupt = self.garbage, self.bad_checksum_next
            self.garbage, self.bad_checksum_next = b"", False
        if corrupt:
            reply = reply[:-1] + bytes([reply[-1] ^ 0xFF])
        _write(master, garbage + reply)

    def _reply(self, request: Request) -> bytes:
        command = request.command
        if command == ga467.SAM_ID:
            return encode_response(ga467.OK, self.sam_id)
        if command == ga467.FIND_CARD:
            if self.card is None:
                return encode_response(ga467.NO_CARD)
            return encode_response(ga467.CARD_FOUND, ga467.FOUND_DATA)
        if command == ga467.SELECT_CARD:
            return self._select()
        if command == ga467.READ_TEXT_PHOTO:
            return self._read()
        return encode_response(ga467.BAD_COMMAND)

    def _select(self) -> bytes:
        with self._lock:
            self._selected = self.card is not None
        if not self._selected:
            return encode_response(ga467.SELECT_FAILED)
        return encode_response(ga467.OK, ga467.SELECTED_DATA)

    def _read(self) -> bytes:
        """Text and photo, of a card found and selected first, as a real SAM wants."""
        with self._lock:
            card, selected, self._selected = self.card, self._selected, False
            if card is None or not selected or self.fail_read:
                self.fail_read = False
                return encode_response(ga467.READ_FAILED)
            answer = encode_response(ga467.OK, ga467.join_text_photo(*card))
            if self.pull_mid_read:
                self.pull_mid_read, self.card = False, None
                return answer[: len(answer) // 2]
            return answer


def _link(path: Path, target: str) -> None:
    """Points `path` at `target` in one step, so an agent never sees it half made."""
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    os.symlink(target, fresh)
    os.replace(fresh, path)


def _write(fd: int, data: bytes) -> None:
    """All of `data`, unless no one reads the pty for WRITE_S: then the rest is dropped, as
    a reader's bytes are lost when no program listens."""
    view = memoryview(data)
    while view:
        _, ready, _ = select.select([], [fd], [], WRITE_S)
        if not ready:
            return
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            continue
        except OSError:  # the pty is going away
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m liudong_cardreader.simulator",
        description="A simulated SAM ID-card reader with a sample card on it.",
    )
    parser.add_argument("--dir", help="where the device link goes (default: a new temp dir)")
    parser.add_argument("--card", choices=sorted(SAMPLES), default="resident")
    args = parser.parse_args(argv)
    made = args.dir is None
    directory = Path(tempfile.mkdtemp(prefix="liudong-reader-") if made else args.dir)
    signal.signal(signal.SIGTERM, _exit)
    try:
        with SimulatedReader(directory) as reader:
            reader.put(*sample_card(args.card))
            print(f"simulated reader on {reader.path} (SAM {SAMPLE_SAM_ID_TEXT}); Ctrl-C stops")
            print(f"  liudong-cardreader --backend serial --device {reader.path}", flush=True)
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        if made:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


def _exit(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
