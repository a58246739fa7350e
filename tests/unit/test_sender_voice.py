"""rules/senders.names_no_company: whether a recruiting system's voice names the customer it writes for."""

from __future__ import annotations

from rules import senders


def test_a_systems_own_name_and_no_reply_address_name_no_company() -> None:
    assert senders.names_no_company("Greenhouse", "no-reply@greenhouse.io")


def test_a_systems_nameless_notification_address_names_no_company() -> None:
    assert senders.names_no_company("", "notifications@hire.lever.co")


def test_counter_example_a_customers_display_name_names_a_company() -> None:
    assert not senders.names_no_company("Quarrington Foods", "no-reply@greenhouse.io")


def test_counter_example_a_customers_mailbox_at_the_system_names_a_company() -> None:
    assert not senders.names_no_company("Workday", "quarrington@myworkday.com")
