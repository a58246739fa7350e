"""headers.py: a header block -> the envelope the index and triage read; never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watcher import headers

BLOCK = (b"From: \"Holt, Maren\" <Maren.Holt@Larkspur.example.com>\r\n"
         b"To: Alex Rivera <alex@example.org>, bo@example.org\r\n"
         b"Subject: Interview\r\n for the Data Engineer role\r\n"
         b"Date: Tue, 06 Oct 2026 14:12:00 -0400\r\n"
         b"Message-ID: <invite-1@larkspur.example.com>\r\n"
         b"In-Reply-To: <a@x>\r\nReferences: <root@x>\r\n <a@x>\r\n"
         b"Content-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n\r\n")


def test_addresses_are_lower_cased_with_their_display_names() -> None:
    assert headers.read(BLOCK).sender == "maren.holt@larkspur.example.com"


def test_a_quoted_display_name_with_a_comma_is_one_address() -> None:
    assert headers.read(BLOCK).sender_name == "Holt, Maren"


def test_every_recipient_is_read() -> None:
    assert headers.read(BLOCK).to == ("alex@example.org", "bo@example.org")


def test_folded_subject_is_unfolded() -> None:
    assert headers.read(BLOCK).subject == "Interview for the Data Engineer role"


def test_links_name_the_message_its_parent_and_its_ancestors() -> None:
    assert headers.read(BLOCK).links == ("<invite-1@larkspur.example.com>", "<a@x>", "<root@x>", "<a@x>")


def test_long_ids_a_mail_writer_wrapped_in_encoded_words_still_link_the_thread() -> None:
    # Python's email package (and so the acceptance harness) folds an id of 70 characters and more that way
    block = (b"Message-ID: =?utf-8?q?=3CCAJw1Rr8Kc5nPz3Df0Hy7=5FgLs2Vb-s11e-lanternfish-first=40mail=2Egmail?=\r\n"
             b" =?utf-8?q?=2Ecom=3E?=\r\n"
             b"In-Reply-To: =?utf-8?q?=3CCAGp5Lw0Bq2mUe7Ns4Rk9=5FjTh6Xa-s11e-lanternfish-first=40mail=2Egmail?=\r\n"
             b" =?utf-8?q?=2Ecom=3E?=\r\n"
             b"References: =?utf-8?q?=3Croot=40x=3E_=3CCAGp5Lw0Bq2mUe7Ns4Rk9=5FjTh6Xa-s11e-lanternfish-first?=\r\n"
             b" =?utf-8?q?=40mail=2Egmail=2Ecom=3E?=\r\n\r\n")
    parent = "<CAGp5Lw0Bq2mUe7Ns4Rk9_jTh6Xa-s11e-lanternfish-first@mail.gmail.com>"
    assert headers.read(block).links == ("<CAJw1Rr8Kc5nPz3Df0Hy7_gLs2Vb-s11e-lanternfish-first@mail.gmail.com>", parent,
                                         "<root@x>", parent)


def test_date_is_kept_as_written() -> None:
    assert headers.read(BLOCK).date == "Tue, 06 Oct 2026 14:12:00 -0400"


def test_bogus_charset_in_an_encoded_word_never_raises() -> None:
    envelope = headers.read(b"From: =?x-bogus-9000?q?Caf=E9_Owner?= <owner@cafe.example.com>\r\n\r\n")
    assert envelope.sender == "owner@cafe.example.com"


def test_encoded_subject_is_decoded() -> None:
    assert headers.read(b"Subject: =?utf-8?q?Entretien_chez_Gr=C3=BCnwald?=\r\n\r\n").subject == "Entretien chez Grünwald"



def test_a_word_folded_after_an_encoded_word_keeps_its_space() -> None:
    # a folded value as the stdlib parser hands it over (headers.read unfolds its own)
    assert headers.decoded("Convite | =?utf-8?q?Ip=C3=AA?=\r\n Pagamentos") == "Convite | Ipê Pagamentos"


def test_counter_example_a_word_split_over_two_folded_encoded_words_is_whole() -> None:
    assert headers.decoded("=?UTF-8?B?SGVs?=\r\n =?UTF-8?B?bG8=?=") == "Hello"

def test_list_headers_mark_bulk_mail() -> None:
    assert headers.read(b"List-Unsubscribe: <mailto:x@example.com>\r\n\r\n").bulk


def test_auto_submitted_marks_automatic_mail() -> None:
    assert headers.read(b"Auto-Submitted: auto-replied\r\n\r\n").automatic


def test_content_type_is_kept_lower_cased_in_one_line() -> None:
    assert headers.read(BLOCK).content_type == 'multipart/alternative; boundary="b1"'


def test_latin_1_bytes_in_headers_never_raise() -> None:
    assert headers.read(b"Subject: Caf\xe9\r\n\r\n").subject == "Café"


def test_empty_block_gives_an_empty_envelope() -> None:
    envelope = headers.read(b"")
    assert (envelope.message_id, envelope.sender, envelope.links) == ("", "", ("",))


def test_a_field_name_inside_another_fields_value_is_not_that_field() -> None:
    assert headers.read(b"Subject: To: nobody\r\nTo: alex@example.org\r\n\r\n").to == ("alex@example.org",)


def test_a_longer_field_name_is_not_the_field_it_starts_with() -> None:
    assert headers.read(b"From-Name: x@y.example\r\nFrom: a@b.example\r\n\r\n").sender == "a@b.example"


def test_a_charset_name_with_a_nul_byte_never_raises() -> None:
    assert headers.read(b"Subject: =?utf\x00-8?q?Caf=C3=A9?=\r\n\r\n").subject


def test_a_codec_that_raises_on_bad_input_never_raises() -> None:
    assert headers.read(b"Subject: =?idna?q?xn--=FF=FE?=\r\n\r\n").subject


_HEADER_BYTES = st.lists(st.sampled_from([
    b"From: ", b"To: ", b"Subject: ", b"Message-ID: ", b"References: ", b"Content-Type: ", b"Date: ", b"=?",
    b"?q?", b"?b?", b"?=", b"utf-8", b"\x00", b"\xff", b"\xe9", b"<", b">", b"@", b",", b'"', b"(", b")",
    b"\r\n", b"\r\n ", b"\n", b"a", b"\\", b"=FF", b"====", b"x-bogus", b"idna", b"utf-7", b"+AGE-"]), max_size=60)


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_HEADER_BYTES)
def test_any_header_bytes_give_an_envelope(pieces: list[bytes]) -> None:
    envelope = headers.read(b"".join(pieces) + b"\r\n\r\n")
    assert isinstance(envelope.subject, str)


def test_the_first_of_a_repeated_field_wins_with_its_own_folds() -> None:
    block = b"Subject: first\r\n  part\r\nSubject: second\r\n part\r\nsubject : third\r\n"
    assert headers.fields(block)["subject"] == "first part"


def test_a_lone_cr_ends_a_value_and_its_folds() -> None:
    # as the reader's old pattern read it ([^\r\n]*): what follows a CR inside a line is not the value
    assert headers.fields(b"Subject: a\rb\r\n c\r\nTo: x@example.org\r\n") == {
        "subject": "a", "to": "x@example.org"}
    assert headers.fields(b"Subject: a\r\n b\rc\r\n d\r\n")["subject"] == "a b"


def test_each_fold_becomes_one_space_an_empty_continuation_line_included() -> None:
    assert headers.fields(b"To:\r\n \t a@example.org,\n\t\r\n b@example.org\r\n")["to"] == "a@example.org,  b@example.org"


def test_a_huge_block_of_folds_and_crs_is_read() -> None:
    block = b"Subject: x\r\n" + b" \r\r\n" * 100_000 + b"From: a@example.org\r\n" + b"To: \r" * 100_000
    values = headers.fields(block)
    assert values["subject"] == "x" and values["from"] == "a@example.org" and values["to"] == ""
