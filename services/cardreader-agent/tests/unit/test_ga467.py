"""GA 467 frames as real readers put them on the line, and a decoder that keeps its footing
on a noisy one."""

from __future__ import annotations

import pytest

from liudong_cardreader import ga467
from liudong_cardreader.ga467 import (
    PREAMBLE,
    BadChecksum,
    FrameDecoder,
    FrameError,
    Request,
    Response,
    encode_request,
    encode_response,
)

# Frames as reader manuals and vendor samples print them.
FIND = "AA AA AA 96 69 00 03 20 01 22"
SELECT = "AA AA AA 96 69 00 03 20 02 21"
READ = "AA AA AA 96 69 00 03 30 01 32"
FOUND = "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"
NOT_FOUND = "AA AA AA 96 69 00 04 00 00 80 84"
SELECTED = "AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"
NOT_SELECTED = "AA AA AA 96 69 00 04 00 00 81 85"


def hx(text: str) -> bytes:
    return bytes.fromhex(text)


def test_requests_are_the_bytes_a_reader_expects() -> None:
    assert encode_request(*ga467.FIND_CARD) == hx(FIND)
    assert encode_request(*ga467.SELECT_CARD) == hx(SELECT)
    assert encode_request(*ga467.READ_TEXT_PHOTO) == hx(READ)


def test_answers_are_the_bytes_a_reader_sends() -> None:
    assert encode_response(ga467.CARD_FOUND, ga467.FOUND_DATA) == hx(FOUND)
    assert encode_response(ga467.NO_CARD) == hx(NOT_FOUND)
    assert encode_response(ga467.OK, ga467.SELECTED_DATA) == hx(SELECTED)
    assert encode_response(ga467.SELECT_FAILED) == hx(NOT_SELECTED)


def test_a_text_and_photo_answer_starts_as_readers_send_it() -> None:
    data = ga467.join_text_photo(bytes(256), bytes(1024))
    frame = encode_response(ga467.OK, data)
    assert frame[:14] == hx("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    assert len(frame) == 1295
    assert ga467.split_text_photo(data) == (bytes(256), bytes(1024))


def test_the_checksum_is_the_xor_from_the_length_to_the_last_body_byte() -> None:
    frame = hx(FOUND)
    assert ga467.checksum(frame[5:-1]) == frame[-1] == 0x97


def test_requests_and_answers_round_trip() -> None:
    requests = FrameDecoder.for_requests()
    assert requests.feed(encode_request(0x12, 0xFF, b"\x01\x02")) == [
        Request(0x12, 0xFF, b"\x01\x02")
    ]
    responses = FrameDecoder.for_responses()
    got = responses.feed(encode_response(ga467.OK, b"sam-id-bytes", sw1=0, sw2=0))
    assert got == [Response(ga467.OK, b"sam-id-bytes")]
    assert requests.pending == responses.pending == 0


def test_several_frames_in_one_chunk_all_come_out() -> None:
    decoder = FrameDecoder.for_responses()
    frames = decoder.feed(hx(NOT_FOUND) + hx(FOUND) + hx(SELECTED))
    assert [f.status for f in frames if isinstance(f, Response)] == [0x80, 0x9F, 0x90]


def test_a_frame_split_across_reads_comes_out_once_whole() -> None:
    decoder = FrameDecoder.for_responses()
    frame = hx(SELECTED)
    for byte in frame[:-1]:
        assert decoder.feed(bytes([byte])) == []
    assert decoder.pending == len(frame) - 1
    assert decoder.feed(frame[-1:]) == [Response(ga467.OK, ga467.SELECTED_DATA)]
    assert decoder.pending == 0


def test_noise_before_a_frame_is_skipped() -> None:
    decoder = FrameDecoder.for_responses()
    noise = b"\x00\x13 line noise \xaa\x00\xaa\xaa\x96"  # a preamble that never finishes
    assert decoder.feed(noise + hx(FOUND)) == [Response(ga467.CARD_FOUND, ga467.FOUND_DATA)]
    assert decoder.skipped == len(noise)


def test_a_preamble_split_across_reads_after_noise_is_kept() -> None:
    decoder = FrameDecoder.for_responses()
    frame = hx(FOUND)
    assert decoder.feed(b"\x01\x02\x03" + frame[:3]) == []
    assert decoder.pending == 3  # AA AA AA may start a frame: kept
    assert decoder.feed(frame[3:]) == [Response(ga467.CARD_FOUND, ga467.FOUND_DATA)]


@pytest.mark.parametrize("length", [b"\x07\x00", b"\xff\xff", b"\x00\x02", b"\x00\x00"])
def test_a_preamble_with_an_impossible_length_is_noise(length: bytes) -> None:
    decoder = FrameDecoder.for_responses()
    assert decoder.feed(PREAMBLE + length + b"\x00\x00" + hx(SELECTED)) == [
        Response(ga467.OK, ga467.SELECTED_DATA)
    ]


def test_the_shortest_request_is_too_short_for_an_answer() -> None:
    assert FrameDecoder.for_requests().feed(hx(FIND)) == [Request(0x20, 0x01)]
    assert FrameDecoder.for_responses().feed(hx(FIND)) == []


def test_a_bad_checksum_is_told_apart_and_the_next_frame_still_decodes() -> None:
    decoder = FrameDecoder.for_responses()
    garbled = bytearray(hx(FOUND))
    garbled[-3] ^= 0x40
    frames = decoder.feed(bytes(garbled) + hx(NOT_FOUND))
    assert frames == [BadChecksum(8), Response(ga467.NO_CARD)]


def test_reset_forgets_half_a_frame() -> None:
    decoder = FrameDecoder.for_responses()
    decoder.feed(hx(SELECTED)[:9])
    decoder.reset()
    assert decoder.pending == 0
    assert decoder.feed(hx(NOT_FOUND)) == [Response(ga467.NO_CARD)]


def test_the_sam_id_prints_as_the_vendor_sdk_prints_it() -> None:
    data = hx("05 00 01 00 a4 b7 32 01 6c b3 aa 00 75 d5 01 80")
    assert ga467.format_sam_id(data) == "05.01-20101028-0011187052-2147603829"
    assert ga467.parse_sam_id("05.01-20101028-0011187052-2147603829") == data


def test_a_short_sam_id_is_refused() -> None:
    with pytest.raises(FrameError):
        ga467.format_sam_id(bytes(8))
    with pytest.raises(FrameError):
        ga467.parse_sam_id("not a sam id")


def test_text_and_photo_lengths_that_do_not_add_up_are_refused() -> None:
    data = ga467.join_text_photo(bytes(256), bytes(1024))
    with pytest.raises(FrameError):
        ga467.split_text_photo(data[:-1])
    with pytest.raises(FrameError):
        ga467.split_text_photo(b"\x01")
