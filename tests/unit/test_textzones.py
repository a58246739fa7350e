"""textzones.py: the author's own words, apart from quoted history, forwards and the signature.

POLICY.md: phrases are read in the author's own text only; a quoted newsletter or an old message is not
the company speaking.
"""

from __future__ import annotations

from watcher import textzones


def author(text: str) -> str:
    return textzones.split(text).author


def lines(text: str) -> list[str]:
    """The non-blank lines: how paragraphs are separated is not what these tests are about."""
    return [line for line in text.splitlines() if line.strip()]


def test_on_date_wrote_starts_quoted_history() -> None:
    text = ("Thanks, Tuesday works.\n\n"
            "On Mon, Oct 12, 2026 at 9:14 AM Dana Whitfield <dana@brightwater.example.com> wrote:\n"
            "> We can't respond to status inquiries.\n")
    zones = textzones.split(text)
    assert zones.author == "Thanks, Tuesday works."
    assert "status inquiries" in zones.quoted


def test_on_date_wrote_wrapped_over_two_lines_still_starts_quoted_history() -> None:
    text = ("Thanks, Tuesday works.\n\n"
            "On Mon, Oct 12, 2026 at 9:14 AM Dana Whitfield <dana@brightwater.example.com>\n"
            "wrote:\n"
            "We can't respond to status inquiries.\n")
    assert author(text) == "Thanks, Tuesday works."


def test_interleaved_quote_lines_are_not_the_authors_words() -> None:
    text = ("> Could you do Tuesday at 15:00?\n"
            "Yes, Tuesday at 15:00 is fine.\n"
            "> Please don't reach out for updates.\n"
            "Understood.\n")
    zones = textzones.split(text)
    assert zones.author == "Yes, Tuesday at 15:00 is fine.\nUnderstood."
    assert "reach out" in zones.quoted


def test_outlook_english_header_block_starts_quoted_history() -> None:
    text = ("Hi Alex, Thursday suits us.\n\n"
            "From: Alex Rivera <alex@example.org>\n"
            "Sent: Wednesday, October 21, 2026 6:02 PM\n"
            "To: Katrin Vogel <katrin@nordlicht-labs.example.com>\n"
            "Subject: Interview\n\n"
            "We will not be able to respond to status inquiries.\n")
    assert author(text) == "Hi Alex, Thursday suits us."


def test_outlook_german_header_block_starts_quoted_history() -> None:
    text = ("Hallo Alex, Donnerstag passt gut.\n\n"
            "Von: Alex Rivera <alex@example.org>\n"
            "Gesendet: Mittwoch, 21. Oktober 2026 18:02\n"
            "An: Katrin Vogel <katrin@nordlicht-labs.example.com>\n"
            "Betreff: Interview\n\n"
            "Bitte keine Nachfragen zum Status.\n")
    assert author(text) == "Hallo Alex, Donnerstag passt gut."


def test_a_line_starting_with_from_is_not_a_quote_header_on_its_own() -> None:
    text = "From: what I gathered, the team liked your answers.\nWe will decide by Friday.\n"
    assert "decide by Friday" in author(text)


def test_original_message_separator_starts_quoted_history() -> None:
    text = ("Sounds good, see you then.\n\n"
            "-----Original Message-----\n"
            "From: Dana Whitfield\n"
            "Please do not contact us for updates.\n")
    assert author(text) == "Sounds good, see you then."


def test_forwarded_message_is_not_the_authors_words() -> None:
    text = ("FYI, see below.\n\n"
            "---------- Forwarded message ---------\n"
            "From: Careers Digest <digest@example.com>\n"
            "Never follow up more than once.\n")
    assert author(text) == "FYI, see below."


def test_signature_after_dash_dash_is_the_signature() -> None:
    text = ("We expect to decide within two weeks.\n"
            "-- \n"
            "Dana Whitfield\n"
            "Talent Partner, Brightwater Analytics\n"
            "dana.personal@example.net | +1 555 0100\n")
    zones = textzones.split(text)
    assert zones.author == "We expect to decide within two weeks."
    assert "dana.personal@example.net" in zones.signature


def test_signature_after_a_sign_off_is_the_signature() -> None:
    text = ("Hi Alex,\n\n"
            "We expect to decide within two weeks.\n\n"
            "Best regards,\n"
            "Dana Whitfield\n"
            "Talent Partner | Brightwater Analytics\n"
            "m: +1 555 0100\n")
    zones = textzones.split(text)
    assert zones.author == "Hi Alex,\n\nWe expect to decide within two weeks."
    assert zones.signature.startswith("Best regards,")
    assert "+1 555 0100" in zones.signature


def test_sign_off_followed_by_a_long_text_does_not_cut_the_body() -> None:
    body = "\n".join(f"Paragraph {n} of a long message about the role and the team." for n in range(12))
    text = f"Thanks,\n{body}\n"
    assert author(text) == text.strip()


def test_opening_thanks_line_does_not_hide_the_message_in_the_signature() -> None:
    zones = textzones.split("Thank you!\nPlease do not contact us for status updates.\nMaren\n")
    assert "Please do not contact us for status updates." in zones.author


def test_mobile_footer_starts_the_signature() -> None:
    zones = textzones.split("Confirmed for Tuesday.\n\nSent from my iPhone\n")
    assert (zones.author, zones.signature) == ("Confirmed for Tuesday.", "Sent from my iPhone")


def test_text_without_quotes_or_signature_is_all_the_authors() -> None:
    text = "We will decide by Friday 30 October.\nThank you for your patience."
    zones = textzones.split(text)
    assert (zones.author, zones.signature, zones.quoted) == (text, "", "")


# ---------------------------------------------------------------- HTML


def test_html_blockquote_becomes_quote_lines() -> None:
    text = textzones.html_to_text(
        "<p>Thursday works.</p><blockquote><p>Please don't reach out for updates.</p></blockquote>")
    assert lines(text) == ["Thursday works.", "> Please don't reach out for updates."]


def test_html_nested_blockquotes_keep_their_depth() -> None:
    text = textzones.html_to_text("<p>Yes.</p><blockquote>Older<blockquote>Oldest</blockquote></blockquote>")
    assert "> > Oldest" in lines(text)


def test_html_only_mail_quotes_are_not_the_authors_words() -> None:
    html = ("<html><body><p>Hi Alex,</p><p>We will decide by Friday.</p>"
            "<blockquote type=\"cite\"><p>We cannot respond to status inquiries.</p></blockquote></body></html>")
    zones = textzones.split(textzones.choose_text("", html))
    assert lines(zones.author) == ["Hi Alex,", "We will decide by Friday."]
    assert "status inquiries" in zones.quoted


def test_html_line_break_is_a_new_line() -> None:
    assert lines(textzones.html_to_text("<p>Best,<br>Ines</p>")) == ["Best,", "Ines"]


def test_html_table_cells_of_a_row_stay_on_one_line() -> None:
    text = textzones.html_to_text("<table><tr><td>Tuesday</td><td>10:00</td></tr><tr><td>Room 4</td></tr></table>")
    assert lines(text) == ["Tuesday 10:00", "Room 4"]


def test_html_scripts_and_styles_are_not_text() -> None:
    text = textzones.html_to_text("<style>p {color: red}</style><script>var x = 1;</script><p>Hello</p>")
    assert text == "Hello"


def test_html_entities_are_decoded() -> None:
    assert textzones.html_to_text("<p>Caf&eacute; at 10&nbsp;am &amp; lunch</p>") == "Café at 10 am & lunch"


def test_plain_part_is_preferred_over_html() -> None:
    plain = "We will decide by Friday 30 October, thank you for your time."
    assert textzones.choose_text(plain, "<p>We will decide by Friday 30 October, thank you.</p>") == plain


def test_plain_stub_pointing_at_the_html_gives_way_to_the_html() -> None:
    html = "<p>Hi Alex, we will decide by Friday.</p>"
    chosen = textzones.choose_text("View this email in your browser", html)
    assert chosen == "Hi Alex, we will decide by Friday."
