"""rules/senders.py: a person at a platform company's own domain is a person, its robots stay robots; a system's
voice names its customer or nobody."""

from __future__ import annotations

import pytest

from rules import senders


@pytest.mark.parametrize("address", [
    "jordan.okafor@linkedin.com", "maya_lindqvist@rippling.com", "sam-reyes@workday.com", "priya.nair@zoom.us",
    "lforsberg@linkedin.com", "mkowalski@zoom.us",
])
def test_a_recruiter_writing_from_a_platform_companys_domain_is_a_person(address: str) -> None:
    assert senders.is_person_at_platform(address)
    assert not senders.is_automated(address)
    assert not senders.is_job_board(address)
    assert senders.ats_name(address) == ""


@pytest.mark.parametrize("address", [
    "inmail-hit-reply@linkedin.com", "jobalerts-noreply@linkedin.com", "messages-noreply@linkedin.com",
    "jobs-listings@linkedin.com", "no-reply@zoom.us", "notifications@rippling.com", "quarrington@myworkday.com",
    "jordan.okafor@mail.rippling.com", "hiring.team@rippling.com", "wd-interview-r104223@workday.com",
    "invitations@linkedin.com", "jobalerts@linkedin.com", "webinars@zoom.us",
])
def test_counter_example_their_notifications_remain_automated(address: str) -> None:
    assert not senders.is_person_at_platform(address)
    assert senders.is_automated(address)


def test_counter_example_a_single_word_tenant_mailbox_is_not_a_name() -> None:
    # Workday and Rippling send for their customers from tenant names (bellwether@myworkday.com)
    assert not senders.is_person_at_platform("bellwether@workday.com")
    assert senders.is_automated("bellwether@workday.com")


def test_an_ordinary_company_address_is_not_a_platform_person() -> None:
    assert not senders.is_person_at_platform("dana.whitcombe@quillfeather.example.com")
    assert not senders.is_automated("dana.whitcombe@quillfeather.example.com")


def test_a_systems_own_name_and_no_reply_address_name_no_company() -> None:
    assert senders.names_no_company("Greenhouse", "no-reply@greenhouse.io")


def test_a_systems_nameless_notification_address_names_no_company() -> None:
    assert senders.names_no_company("", "notifications@hire.lever.co")


def test_counter_example_a_customers_display_name_names_a_company() -> None:
    assert not senders.names_no_company("Quarrington Foods", "no-reply@greenhouse.io")


def test_counter_example_a_customers_mailbox_at_the_system_names_a_company() -> None:
    assert not senders.names_no_company("Workday", "quarrington@myworkday.com")


@pytest.mark.parametrize("address", [
    "nao-responda@tarumbeta.example.com", "naoresponder@vagas.example.com.br", "no-responder@cafetal.example.co",
    "ne-pas-repondre@lumevrac.example.fr", "keine-antwort@kaldoria.example.at", "non-rispondere@ferravolta.example.it",
    "niet-beantwoorden@zuiderbloq.example.nl",
])
def test_do_not_reply_in_other_languages_is_a_robot(address: str) -> None:
    assert senders.is_automated(address)


@pytest.mark.parametrize("address", ["noel.reyes@cafetal.example.co", "nora@tarumbeta.example.com"])
def test_counter_example_names_that_start_like_no_are_people(address: str) -> None:
    assert not senders.is_automated(address)
