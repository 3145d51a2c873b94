"""`liudong-cardreader`: the agent on a desk PC. Listens on loopback only: the card data it
serves is for the browser on the same desk, never for the network."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

import structlog
import uvicorn

from liudong_cardreader.api import create_app
from liudong_cardreader.reader import Reader

DEFAULT_LISTEN = "127.0.0.1:47555"
DEFAULT_ORIGIN = "http://127.0.0.1:8000"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="liudong-cardreader", description=__doc__)
    parser.add_argument("--backend", choices=("serial", "pcsc", "sdk"), default="serial")
    parser.add_argument(
        "--device",
        help="serial: the port (/dev/ttyUSB0); pcsc: part of the reader's name; "
        "sdk: the port number (1001 for the first USB reader, 1 for COM1)",
    )
    parser.add_argument("--baudrate", type=int, default=115200, help="serial backend")
    parser.add_argument("--library", help="sdk backend: the vendor library (libsdtapi.so)")
    parser.add_argument("--listen", default=DEFAULT_LISTEN, help="host:port, loopback only")
    parser.add_argument(
        "--origin", default=DEFAULT_ORIGIN, help="the gateway's origin: the only page allowed"
    )
    return parser.parse_args(argv)


def listen_address(text: str) -> tuple[str, int]:
    """host:port, the host a loopback address ("localhost" included)."""
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{host} is not a loopback address: the agent serves this desk only")
    return host, int(port)


def open_reader(args: argparse.Namespace) -> Reader:
    """The backend asked for; each imports its own library only when chosen."""
    if args.backend == "serial":
        from liudong_cardreader.serial_backend import SerialReader

        return SerialReader(args.device or "/dev/ttyUSB0", baudrate=args.baudrate)
    if args.backend == "pcsc":
        from liudong_cardreader.pcsc_backend import PcscReader

        return PcscReader(args.device)
    from liudong_cardreader.sdk_backend import SdkReader

    if not args.library:
        raise ValueError("--backend sdk needs --library (the vendor's libsdtapi.so)")
    return SdkReader(args.library, int(args.device or 1001))


def configure_logging() -> None:
    """JSON lines on stderr. Nothing about a card is ever logged, only requests and states."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    configure_logging()
    try:
        host, port = listen_address(args.listen)
        reader = open_reader(args)
    except ValueError as exc:
        print(f"liudong-cardreader: {exc}", file=sys.stderr)
        return 2
    try:
        app = create_app(reader, origin=args.origin)
        uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
    finally:
        reader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
