"""Models tolerate what Leonar may add later and keep what must go back."""

from __future__ import annotations

from bot.leonar import Contact, Deal, Enrichment, LinkedInProfile, Page
from tests.leonar.support import load


def test_contact_keeps_unknown_fields_and_unknown_status() -> None:
    raw = load("get_contacts_id")["data"] | {"global_status": "nurturing", "score": 87}
    contact = Contact.model_validate(raw)
    assert contact.global_status == "nurturing"
    assert contact.model_extra == {"score": 87}
    assert not contact.is_do_not_contact


def test_contact_tolerates_nulls_and_tag_objects() -> None:
    contact = Contact.model_validate(
        {
            "id": 42,
            "first_name": None,
            "last_name": "Solo",
            "emails": None,
            "tags": [{"id": "t1", "name": "vip"}, "senior"],
            "custom_data": None,
            "do_not_contact": True,
        }
    )
    assert contact.id == "42"
    assert contact.full_name == "Solo"
    assert contact.emails == [] and contact.work_email is None and contact.primary_email is None
    assert contact.tags == ["vip", "senior"]
    assert contact.is_do_not_contact


def test_unnamed_contact() -> None:
    assert Contact(id="x").full_name == "Unnamed contact"


def test_enrichment_unknown_status_is_still_running() -> None:
    enrichment = Enrichment.model_validate({"id": "r", "status": "queued_for_vendor"})
    assert not enrichment.is_terminal
    failed = Enrichment.model_validate({"id": "r", "status": "failed", "error": "No email found"})
    assert failed.is_terminal and failed.is_failed and failed.error_message == "No email found"


def test_linkedin_profile_dump_returns_the_full_object() -> None:
    raw = load("post_sourcing_linkedin_search")["data"]["profiles"][0]
    profile = LinkedInProfile.model_validate(raw)
    assert profile.model_dump(mode="json", exclude_unset=True) == raw
    dumped = profile.model_dump(exclude_none=False)
    assert dumped["open_to_work"] is True and dumped["existing_contact_id"] is None
    payload = profile.to_add_payload()
    assert "already_in_project" not in payload and "existing_contact_id" not in payload
    assert payload["educations"][0]["educational_establishment"] == "École Polytechnique"


def test_page_meta_defaults() -> None:
    page = Page[Deal].model_validate({"data": [{"id": "d1", "status": "paused"}]})
    assert page.data[0].status == "paused" and page.data[0].is_open
    assert page.meta.has_more is False
