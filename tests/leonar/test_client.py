"""Every resource method once: what Leonar receives (path, query, body, key) and the parsed model."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from bot.leonar import (
    APIResponseValidationError,
    EnrollContact,
    LeonarClient,
    LinkedInProfile,
)
from tests.leonar.support import API_KEY, load, sent_json


def _query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


# --------------------------------------------------------------------------- contacts


async def test_contacts_list_sends_query_and_key(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.get("/contacts").respond(200, json=load("get_contacts"))

    page = await client.contacts.list(search="react", limit=20, offset=40)

    request = route.calls.last.request
    assert request.url.path == "/api/v1/contacts"
    assert _query(request) == {"search": "react", "limit": "20", "offset": "40"}
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert [c.full_name for c in page.data] == ["Sophie Martin", "Karim Benali"]
    assert page.meta.total == 2 and page.meta.has_more is False
    sophie, karim = page.data
    assert sophie.work_email == "sophie@doctolib.com"
    assert sophie.primary_phone == "+33612345678"
    assert sophie.custom_data == {"industry_code": "A12", "vip": True}
    assert sophie.years_experience == 8 and not sophie.is_do_not_contact
    assert karim.work_email is None and karim.primary_email == "karim@gmail.com"
    assert karim.is_do_not_contact  # global_status do_not_contact


async def test_contacts_list_without_search_omits_it(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.get("/contacts").respond(200, json=load("get_contacts"))
    await client.contacts.list()
    assert _query(route.calls.last.request) == {"limit": "50", "offset": "0"}


async def test_contacts_iter_follows_has_more(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    first = load("get_contacts")
    first["meta"] = {"total": 3, "limit": 2, "offset": 0, "has_more": True}
    second = load("get_contacts")
    second["data"] = second["data"][:1]
    second["data"][0]["id"] = "third"
    second["meta"] = {"total": 3, "limit": 2, "offset": 2, "has_more": False}
    route = router.get("/contacts").mock(
        side_effect=[httpx.Response(200, json=first), httpx.Response(200, json=second)]
    )

    ids = [c.id async for c in client.contacts.iter(search="x", page_size=2)]

    assert len(ids) == 3 and ids[-1] == "third"
    offsets = [c.request.url.params["offset"] for c in route.calls]
    assert offsets == ["0", "2"]


async def test_contacts_get(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/contacts/a1b2c3d4-5678-90ab-cdef-1234567890ab").respond(
        200, json=load("get_contacts_id")
    )
    contact = await client.contacts.get("a1b2c3d4-5678-90ab-cdef-1234567890ab")
    assert route.called and contact.linkedin_profile == "https://www.linkedin.com/in/sophie-martin"
    assert contact.tags == ["frontend", "senior"]


async def test_contact_ids_are_quoted_in_the_path(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.get(url__regex=r".*/contacts/.*").respond(200, json=load("get_contacts_id"))
    await client.contacts.get("../deals/x")
    assert route.calls.last.request.url.raw_path == b"/api/v1/contacts/..%2Fdeals%2Fx"


async def test_contacts_search_body(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/contacts/search").respond(200, json=load("post_contacts_search"))

    page = await client.contacts.search(query="react typescript", location="Paris", limit=50)

    assert sent_json(route.calls.last.request) == {
        "query": "react typescript",
        "location": "Paris",
        "limit": 50,
    }
    assert [c.id for c in page.data] == [
        "a1b2c3d4-5678-90ab-cdef-1234567890ab",
        "c2c2c2c2-0000-0000-0000-000000000002",
    ]
    await client.contacts.search(query="react", offset=10)
    assert sent_json(route.calls.last.request) == {"query": "react", "limit": 10, "offset": 10}


async def test_contacts_search_tolerates_a_list_without_meta(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    body = {"data": load("post_contacts_search")["data"]}
    router.post("/contacts/search").respond(200, json=body)
    page = await client.contacts.search(query="react", limit=5, offset=5)
    assert len(page.data) == 2
    assert (page.meta.limit, page.meta.offset, page.meta.has_more) == (5, 5, False)


async def test_contacts_enrich(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/contacts/contact-uuid/enrich").respond(
        200, json=load("post_contacts_enrich")
    )
    request = await client.contacts.enrich("contact-uuid")
    assert sent_json(route.calls.last.request) == {"type": "work_email"}
    assert (request.request_id, request.status) == ("enrich-request-uuid", "pending")
    await client.contacts.enrich("contact-uuid", type="phone")
    assert sent_json(route.calls.last.request) == {"type": "phone"}


async def test_contacts_add_tag(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/contacts/contact-uuid/tags").respond(200, json=load("post_contacts_tags"))
    result = await client.contacts.add_tag("contact-uuid", tag_id="tag-uuid")
    assert sent_json(route.calls.last.request) == {"tag_id": "tag-uuid"}
    assert result.contact_id == "contact-uuid"
    assert result.tag is not None and result.tag.name == "ai-sourced"


# --------------------------------------------------------------------------- projects


async def test_projects_list(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/projects").respond(200, json=load("get_projects"))
    page = await client.projects.list()
    assert _query(route.calls.last.request) == {"status": "active", "limit": "50", "offset": "0"}
    assert page.data[0].name == "Senior Frontend Engineers"
    assert page.data[0].client_name == "Doctolib"


async def test_projects_iter(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/projects").respond(200, json=load("get_projects"))
    names = [p.name async for p in client.projects.iter(status=None)]
    assert names == ["Senior Frontend Engineers"]
    assert "status" not in route.calls.last.request.url.params


async def test_projects_get_with_stages(client: LeonarClient, router: respx.MockRouter) -> None:
    router.get("/projects/project-uuid").respond(200, json=load("get_projects_id"))
    project = await client.projects.get("project-uuid")
    assert [s.name for s in project.stages] == ["Sourced", "Contacted"]
    sourced = project.stage_named("sourced")
    assert sourced is not None and sourced.id == "stage-sourced" and sourced.entries_count == 12
    assert project.stage_named("Hired") is None


async def test_projects_add_entry(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/projects/project-uuid/entries").respond(
        201, json=load("post_projects_entries")
    )
    entry = await client.projects.add_entry(
        "project-uuid",
        contact_id="a1b2c3d4-5678-90ab-cdef-1234567890ab",
        stage_id="e5f6a7b8-9012-34cd-efab-567890123def",
    )
    assert sent_json(route.calls.last.request) == {
        "contact_id": "a1b2c3d4-5678-90ab-cdef-1234567890ab",
        "stage_id": "e5f6a7b8-9012-34cd-efab-567890123def",
    }
    assert entry.contact is not None and entry.contact.full_name == "Sophie Martin"
    assert entry.stage is not None and entry.stage.id == "3c90c3cc-0d44-4b50-8888-8dd25736052a"

    await client.projects.add_entry("project-uuid", contact_id="c1")
    assert sent_json(route.calls.last.request) == {"contact_id": "c1"}


# --------------------------------------------------------------------------- accounts & sourcing


async def test_accounts_list(client: LeonarClient, router: respx.MockRouter) -> None:
    router.get("/connected-accounts").respond(200, json=load("get_connected_accounts"))
    accounts = await client.accounts.list()
    assert [a.id for a in accounts] == ["acc-uuid-here"]
    assert accounts[0].sourcing_api_type == "recruiter" and accounts[0].can_source


async def test_sourcing_locations(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/sourcing/linkedin/locations").respond(
        200, json=load("get_sourcing_linkedin_locations")
    )
    locations = await client.sourcing.locations(
        q="Paris", account_id="acc-uuid-here", api_type="recruiter"
    )
    assert _query(route.calls.last.request) == {
        "q": "Paris",
        "account_id": "acc-uuid-here",
        "api_type": "recruiter",
    }
    assert [(loc.id, loc.title) for loc in locations][0] == (
        "105015875",
        "Paris, Ile-de-France, France",
    )


async def test_sourcing_search_body_and_page(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.post("/sourcing/linkedin/search").respond(
        200, json=load("post_sourcing_linkedin_search")
    )

    page = await client.sourcing.search(
        project_id="project-uuid",
        account_id="acc-uuid-here",
        job_titles=["Software Engineer", "Backend Developer"],
        location_ids={"105015875": "Paris, France"},
        years_min=3,
        years_max=10,
    )

    assert sent_json(route.calls.last.request) == {
        "project_id": "project-uuid",
        "account_id": "acc-uuid-here",
        "job_titles": ["Software Engineer", "Backend Developer"],
        "location_ids": {"105015875": "Paris, France"},
        "years_experience": {"min": 3, "max": 10},
        "page": 1,
        "page_size": 25,
    }
    assert (page.total_count, page.filtered_count, page.has_more, page.next_page) == (
        342,
        340,
        True,
        2,
    )
    sophie, karim = page.profiles
    assert sophie.full_name == "Sophie Martin" and sophie.company_name == "Doctolib"
    assert sophie.can_add and not karim.can_add
    assert karim.existing_contact_id == "c2c2c2c2-0000-0000-0000-000000000002"


async def test_sourcing_search_minimal_body(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/sourcing/linkedin/search").respond(
        200, json=load("post_sourcing_linkedin_search")
    )
    await client.sourcing.search(
        account_id="acc", job_titles=["CTO"], years_min=5, page=3, page_size=10
    )
    assert sent_json(route.calls.last.request) == {
        "account_id": "acc",
        "job_titles": ["CTO"],
        "years_experience": {"min": 5},
        "page": 3,
        "page_size": 10,
    }


async def test_sourcing_pages_follow_next_page(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    first = load("post_sourcing_linkedin_search")
    last = load("post_sourcing_linkedin_search")
    last["data"].update(has_more=False, next_page=None)
    route = router.post("/sourcing/linkedin/search").mock(
        side_effect=[httpx.Response(200, json=first), httpx.Response(200, json=last)]
    )
    pages = [p async for p in client.sourcing.pages(account_id="acc", job_titles=["CTO"])]
    assert len(pages) == 2
    assert [sent_json(c.request)["page"] for c in route.calls] == [1, 2]


async def test_add_to_project_sends_whole_profiles(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    raw_profile = load("post_sourcing_linkedin_search")["data"]["profiles"][0]
    router.post("/sourcing/linkedin/search").respond(
        200, json=load("post_sourcing_linkedin_search")
    )
    route = router.post("/sourcing/add-to-project").respond(
        200, json=load("post_sourcing_add_to_project")
    )

    page = await client.sourcing.search(account_id="acc", job_titles=["Engineer"])
    result = await client.sourcing.add_to_project(
        project_id="project-uuid", profiles=page.profiles[:1]
    )

    expected = {
        k: v
        for k, v in raw_profile.items()
        if k not in ("already_in_project", "existing_contact_id")
    }
    body = sent_json(route.calls.last.request)
    assert body == {"project_id": "project-uuid", "profiles": [expected]}
    # the unknown field and the explicit nulls go back as received
    assert body["profiles"][0]["open_to_work"] is True
    assert body["profiles"][0]["experiences"][0]["end_date"] is None
    assert result.added == 1 and result.contact_ids == ["new-contact-uuid"]
    assert result.stage is not None and result.stage.category == "sourced"


async def test_add_to_project_splits_over_100(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.post("/sourcing/add-to-project").respond(
        200, json=load("post_sourcing_add_to_project")
    )
    profiles = [
        LinkedInProfile(profile_id=f"urn:li:member:{i}", first_name="P") for i in range(150)
    ]
    result = await client.sourcing.add_to_project(project_id="p", profiles=profiles)
    sizes = [len(sent_json(c.request)["profiles"]) for c in route.calls]
    assert sizes == [100, 50]
    assert result.added == 2 and result.contact_ids == ["new-contact-uuid"] * 2
    assert sent_json(route.calls[0].request)["profiles"][0] == {
        "profile_id": "urn:li:member:0",
        "first_name": "P",
    }


# --------------------------------------------------------------------------- enrichment & sequences


async def test_enrichment_get(client: LeonarClient, router: respx.MockRouter) -> None:
    router.get("/enrichment/enrich-request-uuid").respond(200, json=load("get_enrichment"))
    enrichment = await client.enrichment.get("enrich-request-uuid")
    assert enrichment.is_completed and enrichment.is_terminal
    assert enrichment.result is not None and enrichment.result.email == "sophie@doctolib.com"
    assert enrichment.result.confidence == 0.95


async def test_sequences_list(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/sequences").respond(200, json=load("get_sequences"))
    sequences = await client.sequences.list(limit=10)
    assert _query(route.calls.last.request) == {"status": "active", "limit": "10"}
    assert [(s.name, s.steps_count) for s in sequences] == [("Senior Frontend outreach", 4)]


async def test_sequences_enroll_ids_and_contacts(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    route = router.post("/sequences/sequence-uuid/enroll").respond(
        200, json=load("post_sequences_enroll")
    )

    result = await client.sequences.enroll("sequence-uuid", contact_ids=["c1", "c2", "c3"])
    assert sent_json(route.calls.last.request) == {"contact_ids": ["c1", "c2", "c3"]}
    assert result.enrolled == 1 and result.skipped == 0

    await client.sequences.enroll(
        "sequence-uuid",
        contacts=[EnrollContact(contact_id="c1", custom_variables={"project_name": "Senior FE"})],
    )
    assert sent_json(route.calls.last.request) == {
        "contacts": [{"contact_id": "c1", "custom_variables": {"project_name": "Senior FE"}}]
    }
    with pytest.raises(ValueError):
        await client.sequences.enroll("sequence-uuid")
    assert route.call_count == 2


# --------------------------------------------------------------------------- deals


async def test_deals_list_and_get(client: LeonarClient, router: respx.MockRouter) -> None:
    list_route = router.get("/deals").respond(200, json=load("get_deals"))
    router.get("/deals/deal-uuid").respond(200, json=load("get_deals_id"))

    page = await client.deals.list(search="Recruitment")
    deal = await client.deals.get("deal-uuid")

    assert _query(list_route.calls.last.request) == {
        "search": "Recruitment",
        "status": "open",
        "limit": "50",
        "offset": "0",
    }
    assert page.data[0].title == "Recruitment - 3 Senior Engineers"
    assert deal.company is not None and deal.company.name == "Doctolib"
    assert deal.current_stage_id == "stage-1" and deal.is_open and deal.amount == 45000


async def test_deals_create(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/deals").respond(201, json=load("post_deals"))
    deal = await client.deals.create(
        title="Recruitment - 3 Senior Engineers",
        company_id="company-uuid",
        pipeline_id="pipeline-uuid",
        amount=45000,
        currency="EUR",
        expected_close_date=dt.date(2025, 3, 15),
    )
    assert sent_json(route.calls.last.request) == {
        "title": "Recruitment - 3 Senior Engineers",
        "company_id": "company-uuid",
        "pipeline_id": "pipeline-uuid",
        "amount": 45000,
        "currency": "EUR",
        "expected_close_date": "2025-03-15",
    }
    assert deal.id == "deal-uuid"
    await client.deals.create(title="Only a title")
    assert sent_json(route.calls.last.request) == {"title": "Only a title"}


async def test_deals_add_contact(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/deals/deal-uuid/contacts").respond(200, json=load("post_deals_contacts"))
    link = await client.deals.add_contact("deal-uuid", contact_id="contact-uuid")
    assert sent_json(route.calls.last.request) == {"contact_id": "contact-uuid"}
    assert (link.deal_id, link.contact_id) == ("deal-uuid", "contact-uuid")


async def test_deals_move_stage_is_a_put(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.put("/deals/deal-uuid/stage").respond(200, json=load("put_deals_stage"))
    deal = await client.deals.move_stage("deal-uuid", stage_id="next-stage-uuid")
    assert sent_json(route.calls.last.request) == {"stage_id": "next-stage-uuid"}
    assert deal.stage is not None and deal.stage.name == "Proposal"


async def test_deals_close(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/deals/deal-uuid/close").respond(200, json=load("post_deals_close"))
    deal = await client.deals.close(
        "deal-uuid", status="won", signed_amount=45000, actual_close_date="2025-03-10"
    )
    assert sent_json(route.calls.last.request) == {
        "status": "won",
        "signed_amount": 45000,
        "actual_close_date": "2025-03-10",
    }
    assert deal.status == "won" and not deal.is_open and deal.signed_amount == 45000


async def test_deals_reopen(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/deals/deal-uuid/reopen").respond(200, json=load("post_deals_reopen"))
    deal = await client.deals.reopen("deal-uuid")
    assert route.calls.last.request.content == b""
    assert deal.status == "open"


async def test_deal_pipelines_list(client: LeonarClient, router: respx.MockRouter) -> None:
    router.get("/deal-pipelines").respond(200, json=load("get_deal_pipelines"))
    pipelines = await client.deal_pipelines.list()
    assert [s.name for s in pipelines[0].ordered_stages] == ["Qualification", "Proposal"]


async def test_companies_list(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.get("/companies").respond(200, json=load("get_companies"))
    companies = await client.companies.list(search="Doc")
    assert _query(route.calls.last.request) == {"search": "Doc", "limit": "20"}
    assert [c.name for c in companies] == ["Doctolib", "Doctolib Germany"]


# --------------------------------------------------------------------------- tags & messages


async def test_tags_list_and_create(client: LeonarClient, router: respx.MockRouter) -> None:
    list_route = router.get("/tags").respond(200, json=load("get_tags"))
    create_route = router.post("/tags").respond(201, json=load("post_tags"))

    tags = await client.tags.list()
    tag = await client.tags.create(name="ai-sourced", color="#6366F1")

    assert _query(list_route.calls.last.request) == {"scope": "contact"}
    assert [t.name for t in tags] == ["ai-sourced", "frontend"]
    assert sent_json(create_route.calls.last.request) == {
        "name": "ai-sourced",
        "color": "#6366F1",
        "scope": "contact",
    }
    assert (tag.id, tag.color) == ("tag-uuid", "#6366F1")


async def test_messages_send(client: LeonarClient, router: respx.MockRouter) -> None:
    route = router.post("/messages").respond(201, json=load("post_messages"))

    message = await client.messages.send(
        contact_id="contact-uuid",
        channel="email",
        subject="Exciting opportunity at Doctolib",
        content="Hi Sophie, I came across your profile...",
    )
    assert sent_json(route.calls.last.request) == {
        "contact_id": "contact-uuid",
        "channel": "email",
        "subject": "Exciting opportunity at Doctolib",
        "content": "Hi Sophie, I came across your profile...",
    }
    assert message.status == "sent" and message.conversation_id == "conversation-uuid"

    await client.messages.send(
        contact_id="contact-uuid",
        channel="linkedin",
        content="Hi",
        sender_account_id="account-uuid",
    )
    assert sent_json(route.calls.last.request) == {
        "contact_id": "contact-uuid",
        "channel": "linkedin",
        "content": "Hi",
        "sender_account_id": "account-uuid",
    }


# --------------------------------------------------------------------------- unreadable answers


async def test_answer_without_envelope_is_a_response_error(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    router.get("/contacts/x").respond(200, json={"id": "x"})
    with pytest.raises(APIResponseValidationError):
        await client.contacts.get("x")


async def test_non_json_success_is_a_response_error(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    router.get("/deals/x").respond(200, text="<html>maintenance</html>")
    with pytest.raises(APIResponseValidationError) as info:
        await client.deals.get("x")
    assert "understand" in info.value.user_message


async def test_model_missing_required_id_is_a_response_error(
    client: LeonarClient, router: respx.MockRouter
) -> None:
    router.get("/deals/x").respond(200, json={"data": {"title": "no id"}})
    with pytest.raises(APIResponseValidationError):
        await client.deals.get("x")


def test_repr_and_fingerprint_hide_the_key(client: LeonarClient) -> None:
    assert API_KEY not in repr(client)
    assert client.fingerprint in repr(client)
    assert len(client.fingerprint) == 12
