"""icao.py against the worked example of ICAO Doc 9303 Part 11, Appendix D (BAC and secure
messaging with 3DES, for the data page of Utopia's specimen passport: L898902C<, born
1969-08-06, expiring 1994-06-23), and the MRZ specimens of Parts 4 and 5."""

from __future__ import annotations

from datetime import date

import pytest

from liudong_cardreader import icao
from liudong_cardreader.reader import Mrz, Passport

H = bytes.fromhex

# Appendix D.2: the keys from the MRZ
MRZ_INFORMATION = "L898902C<369080619406236"
K_SEED = H("239AB9CB282DAF66231DC5A4DF6BFBAE")
K_ENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
K_MAC = H("7962D9ECE03D1ACD4C76089DCE131543")

# Appendix D.3: the mutual authentication
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
S = RND_IFD + RND_IC + K_IFD
E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = H("5F1448EEA8AD90A7")
E_IC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")
M_IC = H("2F2D235D074D7449")
R = H("4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226

# Appendix D.4: secure messaging (SELECT EF.COM, READ BINARY of 4 then 18 bytes)
SELECT_EF_COM = (
    H("00A4020C02011E"),
    H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"),
    H("990290008E08FA855A5D4C50A8ED9000"),
    b"",
)
READ_HEAD = (
    H("00B0000004"),
    H("0CB000000D9701048E08ED6705417E96BA5500"),
    H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"),
    H("60145F01"),
)
READ_REST = (
    H("00B0000412"),
    H("0CB000040D9701128E082EA28A70F3C7B53500"),
    H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"),
    H("04303130365F36063034303030305C026175"),
)

TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"  # Doc 9303's specimen, as Appendix D's
    "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<"  # Part 5's specimen card
    "7408122F1204159UTO<<<<<<<<<<<6"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)


def bac() -> icao.Bac:
    return icao.Bac(K_ENC, K_MAC, RND_IC, RND_IFD, K_IFD)


def session() -> icao.SecureMessaging:
    return icao.SecureMessaging(KS_ENC, KS_MAC, SSC)


# --- the MRZ and the keys ---


@pytest.mark.parametrize(
    ("field", "digit"),
    [("L898902C<", "3"), ("690806", "1"), ("940623", "6"), ("ZE184226B<<<<<", "1")],
)
def test_check_digits(field: str, digit: str) -> None:
    assert icao.check_digit(field) == digit


def test_the_composite_check_digit_of_the_specimen() -> None:
    line = TD3[44:]
    assert icao.check_digit(line[0:10] + line[13:20] + line[21:43]) == line[43] == "4"


def test_a_character_no_mrz_has() -> None:
    with pytest.raises(icao.IcaoError):
        icao.check_digit("L898-902")


def test_mrz_information_from_what_the_clerk_types() -> None:
    typed = Mrz("l898902c", date(1969, 8, 6), date(1994, 6, 23))
    info = icao.mrz_information(typed.document_number, typed.birth_date, typed.expiry_date)
    assert info == MRZ_INFORMATION


def test_key_seed_and_keys() -> None:
    assert icao.key_seed(MRZ_INFORMATION) == K_SEED
    assert icao.derive_key(K_SEED, icao.ENC) == K_ENC
    assert icao.derive_key(K_SEED, icao.MAC) == K_MAC
    assert icao.bac_keys(Mrz("L898902C", date(1969, 8, 6), date(1994, 6, 23))) == (K_ENC, K_MAC)


def test_des_parity_is_adjusted() -> None:
    assert icao.adjust_parity(H("AB94FCEDF2664EDFB9B291F85D7F77F2")) == K_ENC
    assert all(bin(b).count("1") % 2 == 1 for b in K_MAC)


# --- the ciphers ---


def test_3des_cbc_of_the_mutual_authentication() -> None:
    assert icao.encrypt(K_ENC, S) == E_IFD
    assert icao.decrypt(K_ENC, E_IC) == R


def test_retail_mac() -> None:
    assert icao.retail_mac(K_MAC, E_IFD) == M_IFD
    assert icao.retail_mac(K_MAC, E_IC) == M_IC


def test_padding_method_2() -> None:
    assert icao.pad(H("011E")) == H("011E800000000000")
    assert icao.pad(bytes(8)) == bytes(8) + H("8000000000000000")
    assert icao.unpad(H("60145F0180000000")) == H("60145F01")
    with pytest.raises(icao.SecureMessagingError):
        icao.unpad(H("60145F0100000000"))


# --- Basic Access Control ---


def test_the_terminals_command() -> None:
    assert bac().command_data() == E_IFD + M_IFD


def test_the_chips_answer_opens_the_session() -> None:
    channel = bac().session(E_IC + M_IC)
    assert (channel.ks_enc, channel.ks_mac, channel.ssc) == (KS_ENC, KS_MAC, SSC)
    assert icao.session_keys(K_IFD, K_IC) == (KS_ENC, KS_MAC)
    assert icao.send_sequence_counter(RND_IC, RND_IFD) == SSC


def test_an_answer_with_a_wrong_checksum_is_refused() -> None:
    with pytest.raises(icao.AuthenticationFailed):
        bac().session(E_IC + bytes([M_IC[0] ^ 1]) + M_IC[1:])


def test_an_answer_to_another_challenge_is_refused() -> None:
    other = icao.Bac(K_ENC, K_MAC, RND_IC, H("0000000000000000"), K_IFD)
    with pytest.raises(icao.AuthenticationFailed):
        other.session(E_IC + M_IC)  # it holds our RND.IFD, not this one


# --- secure messaging ---


def test_the_appendix_exchange_under_secure_messaging() -> None:
    channel = session()
    counters = []
    for plain, protected, response, data in (SELECT_EF_COM, READ_HEAD, READ_REST):
        assert channel.protect(plain) == protected
        counters.append(channel.ssc)
        assert channel.unprotect(response) == (data, icao.SW_OK)
        counters.append(channel.ssc)
    assert counters == [SSC + n for n in range(1, 7)]  # ...C227 to ...C22C
    assert icao.tlv_size(READ_HEAD[3]) == 4 + 18  # EF.COM: the head tells how much to read


def at_read_head() -> icao.SecureMessaging:
    """The session as the appendix's first READ BINARY has just been sent."""
    channel = session()
    channel.protect(SELECT_EF_COM[0])
    channel.unprotect(SELECT_EF_COM[2])
    channel.protect(READ_HEAD[0])
    return channel


def test_a_tampered_mac_is_refused() -> None:
    response = bytearray(READ_HEAD[2])
    response[-3] ^= 0x01  # the last byte of DO'8E'
    with pytest.raises(icao.SecureMessagingError):
        at_read_head().unprotect(bytes(response))
    assert at_read_head().unprotect(READ_HEAD[2]) == (READ_HEAD[3], icao.SW_OK)


def test_tampered_data_is_refused() -> None:
    response = bytearray(READ_HEAD[2])
    response[4] ^= 0x01  # inside DO'87'
    with pytest.raises(icao.SecureMessagingError):
        at_read_head().unprotect(bytes(response))


def test_a_response_out_of_sequence_is_refused() -> None:
    channel = session()
    channel.protect(READ_HEAD[0])  # SSC one short of the one READ_HEAD's answer was made with
    with pytest.raises(icao.SecureMessagingError):
        channel.unprotect(READ_HEAD[2])


def test_a_bare_success_is_refused_and_a_bare_error_passed_on() -> None:
    channel = session()
    channel.protect(SELECT_EF_COM[0])
    with pytest.raises(icao.SecureMessagingError):
        channel.unprotect(H("9000"))
    assert channel.unprotect(H("6988")) == (b"", 0x6988)


@pytest.mark.parametrize(
    ("apdu", "command"),
    [
        (H("00B0000004"), icao.Command(0x00, 0xB0, 0x00, 0x00, le=4)),
        (H("00A4020C02011E"), icao.Command(0x00, 0xA4, 0x02, 0x0C, H("011E"))),
        (H("00A4020002011E00"), icao.Command(0x00, 0xA4, 0x02, 0x00, H("011E"), 0)),
        (H("00840000"), icao.Command(0x00, 0x84, 0x00, 0x00)),
    ],
)
def test_command_apdus_taken_apart(apdu: bytes, command: icao.Command) -> None:
    assert icao.Command.parse(apdu) == command


# --- data group 1 ---


def dg1(mrz: str) -> bytes:
    return icao.tlv(0x61, icao.tlv(0x5F1F, mrz.encode("ascii")))


def test_dg1_of_the_specimen_passport() -> None:
    assert dg1(TD3)[:5] == H("615B5F1F58")
    assert icao.parse_dg1(dg1(TD3), date(2025, 5, 20)) == Passport(
        document_type="P",
        issuing_state="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        document_number="L898902C",
        nationality="UTO",
        birth_date=date(1969, 8, 6),
        sex="F",
        expiry_date=date(1994, 6, 23),
    )


def test_two_digit_years_are_dated_by_today() -> None:
    born_2010 = TD3[:57] + "1008069" + TD3[64:]
    passport = icao.parse_mrz(born_2010[:44] + "\n" + born_2010[44:], date(2025, 5, 20))
    assert (passport.birth_date, passport.expiry_date) == (date(2010, 8, 6), date(1994, 6, 23))


def test_dg1_of_the_specimen_card() -> None:
    card = icao.parse_dg1(dg1(TD1), date(2025, 5, 20))
    assert (card.document_type, card.issuing_state, card.nationality) == ("I", "UTO", "UTO")
    assert (card.document_number, card.surname, card.given_names) == (
        "D23145890",
        "ERIKSSON",
        "ANNA MARIA",
    )
    assert (card.birth_date, card.sex) == (date(1974, 8, 12), "F")
    assert card.expiry_date == date(2012, 4, 15)


def test_a_document_number_longer_than_nine() -> None:
    number = "D23145890AB1"
    check = icao.check_digit(number)
    first = f"I<UTOD23145890<AB1{check}".ljust(30, "<")
    card = icao.parse_mrz(first + TD1[30:], date(2025, 5, 20))
    assert card.document_number == number


@pytest.mark.parametrize(
    "data",
    [
        dg1(TD3.replace("L898902C<3", "L898902C<4")),  # a check digit off
        dg1(TD3[:-1]),  # 87 characters
        icao.tlv(0x62, icao.tlv(0x5F1F, TD3.encode())),  # not DG1
        dg1(TD3)[:40],  # cut short
        dg1(TD3.replace("6908061", "69<<<<9")),  # a birth date not given in full
    ],
)
def test_dg1_we_cannot_read(data: bytes) -> None:
    with pytest.raises(icao.Dg1Error):
        icao.parse_dg1(data, date(2025, 5, 20))
