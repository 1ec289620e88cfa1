"""The Leonar sandbox answers the vendor's documented requests with the documented shapes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from standins import leonar_data as demo
from standins.leonar import (
    DEFAULT_KEY,
    SandboxState,
    create_leonar_sandbox,
    run_sandbox,
)

BASE = "http://sandbox.test/api/v1"
T0 = 1_739_181_600.0  # 2025-02-10T10:00:00Z


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(clock: FakeClock) -> SandboxState:
    return SandboxState.demo(clock=clock)


@pytest.fixture
async def client(state: SandboxState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_leonar_sandbox(state))
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE, headers={"Authorization": f"Bearer {DEFAULT_KEY}"}
    ) as http:
        yield http


def data(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()["data"]


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


SEED_PROFILE: dict[str, Any] = {
    "profile_id": "urn:li:member:123456",
    "first_name": "Sophie",
    "last_name": "Martin",
    "headline": "Senior Software Engineer at Doctolib",
    "picture_url": "https://media.licdn.com/dms/image/example.jpg",
    "location": "Paris, Île-de-France, France",
    "linkedin_url": "https://www.linkedin.com/in/sophie-martin",
    "summary": "Experienced engineer with 8 years in full-stack development...",
    "current_job": {"title": "Senior Software Engineer", "company_name": "Doctolib"},
    "experiences": [
        {
            "title": "Senior Software Engineer",
            "company_name": "Doctolib",
            "start_date": "2021-03-01",
            "end_date": None,
            "description": "Leading backend team, Python/Django stack...",
            "is_current": True,
        }
    ],
    "educations": [
        {
            "educational_establishment": "École Polytechnique",
            "diploma": "Master of Engineering",
            "specialization": "Computer Science",
            "start_date": "2014-09-01",
            "end_date": "2018-06-30",
        }
    ],
    "skills": ["Python", "Django", "TypeScript", "PostgreSQL"],
    "total_years_experience": 8.2,
}


# --- sourcing ----------------------------------------------------------------------------------


async def test_connected_accounts_have_the_seed_shape(client: httpx.AsyncClient) -> None:
    accounts = data(await client.get("/connected-accounts"))
    by_id = {a["id"]: a for a in accounts}
    assert set(by_id) == {
        demo.RECRUITER_ACCOUNT_ID,
        demo.SALES_NAV_ACCOUNT_ID,
        demo.INACTIVE_ACCOUNT_ID,
    }
    recruiter = by_id[demo.RECRUITER_ACCOUNT_ID]
    assert set(recruiter) == {"id", "name", "license_type", "api_status"}
    assert recruiter["api_status"]["recruiter"] == "active"
    assert by_id[demo.SALES_NAV_ACCOUNT_ID]["api_status"]["sales_navigator"] == "active"
    assert set(by_id[demo.INACTIVE_ACCOUNT_ID]["api_status"].values()) == {"inactive"}


async def test_locations_answer_the_seed_example(client: httpx.AsyncClient) -> None:
    params = {"q": "Paris", "account_id": demo.RECRUITER_ACCOUNT_ID, "api_type": "recruiter"}
    locations = data(await client.get("/sourcing/linkedin/locations", params=params))
    assert {"id": "105015875", "title": "Paris, Ile-de-France, France"} in locations
    assert {"id": "104482823", "title": "Paris Area, France"} in locations
    assert all("Paris" in loc["title"] for loc in locations)

    missing_q = await client.get(
        "/sourcing/linkedin/locations", params={"account_id": demo.RECRUITER_ACCOUNT_ID}
    )
    assert "q" in error(missing_q, 400, "validation_error")["details"]
    inactive = await client.get(
        "/sourcing/linkedin/locations",
        params={"q": "Lyon", "account_id": demo.INACTIVE_ACCOUNT_ID, "api_type": "recruiter"},
    )
    assert "api_type" in error(inactive, 400, "validation_error")["details"]
    unknown = await client.get(
        "/sourcing/linkedin/locations", params={"q": "Lyon", "account_id": "nope"}
    )
    error(unknown, 404, "not_found")


async def test_linkedin_search_answers_the_seed_example(client: httpx.AsyncClient) -> None:
    body = {
        "project_id": demo.FRONTEND_PROJECT_ID,
        "account_id": demo.RECRUITER_ACCOUNT_ID,
        "job_titles": ["Software Engineer", "Backend Developer"],
        "location_ids": {"105015875": "Paris, France"},
        "years_experience": {"min": 3, "max": 10},
        "page": 1,
        "page_size": 25,
    }
    result = data(await client.post("/sourcing/linkedin/search", json=body))
    assert set(result) == {"profiles", "total_count", "filtered_count", "has_more", "next_page"}
    profiles = result["profiles"]
    assert profiles and result["total_count"] == len(profiles)
    for profile in profiles:
        title = profile["current_job"]["title"]
        assert "Software Engineer" in title or "Backend Developer" in title
        assert "Paris" in profile["location"]
        assert 3 <= profile["total_years_experience"] <= 10
        for key in (
            "profile_id",
            "first_name",
            "last_name",
            "headline",
            "linkedin_url",
            "experiences",
            "educations",
            "skills",
            "summary",
            "picture_url",
        ):
            assert key in profile
    sophie = next(p for p in profiles if p["profile_id"] == demo.SOPHIE_PROFILE_ID)
    assert sophie["already_in_project"] is True
    assert sophie["existing_contact_id"] == demo.SOPHIE_CONTACT_ID
    assert result["filtered_count"] == result["total_count"] - 1


async def test_linkedin_search_pages_and_validates(client: httpx.AsyncClient) -> None:
    base = {"account_id": demo.SALES_NAV_ACCOUNT_ID, "page_size": 25}
    first = data(await client.post("/sourcing/linkedin/search", json=base | {"page": 1}))
    assert first["total_count"] == 60
    assert first["has_more"] is True and first["next_page"] == 2
    third = data(await client.post("/sourcing/linkedin/search", json=base | {"page": 3}))
    assert len(third["profiles"]) == 10
    assert third["has_more"] is False and third["next_page"] is None
    seen = {p["profile_id"] for p in first["profiles"]} & {
        p["profile_id"] for p in third["profiles"]
    }
    assert not seen

    too_big = await client.post("/sourcing/linkedin/search", json=base | {"page_size": 101})
    assert "page_size" in error(too_big, 400, "validation_error")["details"]
    inactive = await client.post(
        "/sourcing/linkedin/search", json={"account_id": demo.INACTIVE_ACCOUNT_ID}
    )
    assert "account_id" in error(inactive, 400, "validation_error")["details"]
    years = await client.post(
        "/sourcing/linkedin/search",
        json=base | {"years_experience": {"min": 10, "max": 3}},
    )
    assert "years_experience" in error(years, 400, "validation_error")["details"]


async def test_add_to_project_creates_rich_contacts_and_skips_the_second_time(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    search = data(
        await client.post(
            "/sourcing/linkedin/search",
            json={"account_id": demo.RECRUITER_ACCOUNT_ID, "job_titles": ["Data Engineer"]},
        )
    )
    new_profile = next(p for p in search["profiles"] if p["existing_contact_id"] is None)
    body = {"project_id": demo.DATA_PROJECT_ID, "profiles": [new_profile]}

    added = data(await client.post("/sourcing/add-to-project", json=body))
    assert added["added"] == 1 and added["skipped"] == 0 and added["skipped_profiles"] == []
    assert added["stage"] == {
        "id": demo.stage_id(demo.DATA_PROJECT_ID, "Sourced"),
        "name": "Sourced",
        "category": "sourced",
    }
    contact = data(await client.get(f"/contacts/{added['contact_ids'][0]}"))
    assert contact["first_name"] == new_profile["first_name"]
    assert contact["last_name"] == new_profile["last_name"]
    assert contact["title"] == new_profile["current_job"]["title"]
    assert contact["current_company"] == new_profile["current_job"]["company_name"]
    assert contact["location"] == new_profile["location"]
    assert contact["linkedin_profile"] == new_profile["linkedin_url"]
    assert contact["summary"] == new_profile["summary"]
    assert contact["skills"] == new_profile["skills"]
    assert contact["experiences"] == new_profile["experiences"]
    assert contact["educations"] == new_profile["educations"]
    assert contact["emails"] == [] and contact["source"] == "linkedin"

    again = data(await client.post("/sourcing/add-to-project", json=body))
    assert again["added"] == 0 and again["skipped"] == 1 and again["contact_ids"] == []
    assert again["skipped_profiles"][0]["profile_id"] == new_profile["profile_id"]
    assert again["skipped_profiles"][0]["existing_contact_id"] == added["contact_ids"][0]
    entries = [e for e in state.entries.values() if e["contact_id"] == added["contact_ids"][0]]
    assert len(entries) == 1


async def test_add_to_project_with_the_seed_profile_reuses_the_existing_contact(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    contacts_before = len(state.contacts)
    result = data(
        await client.post(
            "/sourcing/add-to-project",
            json={"project_id": demo.BACKEND_PROJECT_ID, "profiles": [SEED_PROFILE]},
        )
    )
    assert result["contact_ids"] == [demo.SOPHIE_CONTACT_ID]
    assert len(state.contacts) == contacts_before
    in_frontend = data(
        await client.post(
            "/sourcing/add-to-project",
            json={"project_id": demo.FRONTEND_PROJECT_ID, "profiles": [SEED_PROFILE]},
        )
    )
    assert in_frontend["skipped"] == 1 and in_frontend["added"] == 0


async def test_add_to_project_validates(client: httpx.AsyncClient) -> None:
    too_many = [SEED_PROFILE | {"profile_id": f"urn:li:member:{i}"} for i in range(101)]
    response = await client.post(
        "/sourcing/add-to-project", json={"project_id": demo.DATA_PROJECT_ID, "profiles": too_many}
    )
    assert "profiles" in error(response, 400, "validation_error")["details"]
    unknown = await client.post(
        "/sourcing/add-to-project", json={"project_id": "nope", "profiles": [SEED_PROFILE]}
    )
    assert error(unknown, 404, "not_found")["details"] == {"project_id": "Project not found"}


# --- enrichment --------------------------------------------------------------------------------


async def test_enrichment_goes_pending_then_completed_and_updates_the_contact(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    contact_id = demo.NO_EMAIL_CONTACT_ID
    started = data(await client.post(f"/contacts/{contact_id}/enrich", json={"type": "work_email"}))
    assert set(started) == {"request_id", "type", "status"}
    assert started["type"] == "work_email" and started["status"] == "pending"
    url = f"/enrichment/{started['request_id']}"

    pending = data(await client.get(url))
    assert pending["status"] == "pending" and pending["result"] is None
    assert pending["completed_at"] is None
    clock.advance(5)
    assert data(await client.get(url))["status"] == "processing"
    clock.advance(3)
    done = data(await client.get(url))
    assert done == {
        "id": started["request_id"],
        "contact_id": contact_id,
        "enrichment_type": "work_email",
        "status": "completed",
        "result": {"email": "thomas.dubois@backmarket.com", "confidence": 0.92},
        "created_at": "2025-02-10T10:00:00Z",
        "completed_at": "2025-02-10T10:00:08Z",
    }
    contact = data(await client.get(f"/contacts/{contact_id}"))
    assert {"email": "thomas.dubois@backmarket.com", "type": "work"} in contact["emails"]


async def test_phone_enrichment_and_failures(
    client: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    phone = data(
        await client.post(f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/enrich", json={"type": "phone"})
    )
    failing = data(await client.post(f"/contacts/{demo.ENRICH_FAILS_CONTACT_ID}/enrich", json={}))
    assert failing["type"] == "work_email"
    clock.advance(8)
    found = data(await client.get(f"/enrichment/{phone['request_id']}"))
    assert found["status"] == "completed" and found["result"]["phone"].startswith("+33")
    assert set(found["result"]) == {"phone", "confidence"}
    contact = data(await client.get(f"/contacts/{demo.NO_EMAIL_CONTACT_ID}"))
    assert contact["phones"][0]["phone"] == found["result"]["phone"]
    failed = data(await client.get(f"/enrichment/{failing['request_id']}"))
    assert failed["status"] == "failed" and failed["result"] is None and failed["error"]

    bad_type = await client.post(
        f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/enrich", json={"type": "fax"}
    )
    assert "type" in error(bad_type, 400, "validation_error")["details"]
    error(await client.post("/contacts/nope/enrich", json={"type": "phone"}), 404, "not_found")
    error(await client.get("/enrichment/nope"), 404, "not_found")


async def test_enrichment_delay_knobs_and_forced_completion(
    client: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    state.enrichment_delay_for = lambda contact_id, kind: (
        None if contact_id == demo.SOPHIE_CONTACT_ID else 1.0
    )
    never = data(
        await client.post(f"/contacts/{demo.SOPHIE_CONTACT_ID}/enrich", json={"type": "work_email"})
    )
    quick = data(
        await client.post(
            f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/enrich", json={"type": "personal_email"}
        )
    )
    clock.advance(3600)
    assert data(await client.get(f"/enrichment/{never['request_id']}"))["status"] == "processing"
    personal = data(await client.get(f"/enrichment/{quick['request_id']}"))
    assert personal["result"] == {"email": "thomas.dubois@gmail.com", "confidence": 0.8}

    state.complete_enrichment(never["request_id"])
    done = data(await client.get(f"/enrichment/{never['request_id']}"))
    assert done["result"]["email"] == "sophie@doctolib.com"

    state.enrichment_delay_for = None
    state.enrichment_hold = True
    held = data(
        await client.post(
            f"/contacts/{demo.WITH_EMAIL_CONTACT_ID}/enrich", json={"type": "work_email"}
        )
    )
    clock.advance(10_000)
    assert data(await client.get(f"/enrichment/{held['request_id']}"))["status"] != "completed"


async def test_enrichment_without_credits_answers_402(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    state.credits = 1
    data(
        await client.post(
            f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/enrich", json={"type": "work_email"}
        )
    )
    response = await client.post(
        f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/enrich", json={"type": "phone"}
    )
    body = error(response, 402, "insufficient_credits")
    assert body["details"] == {"credit_type": "phone", "available": 0, "required": 1}


# --- sequences ---------------------------------------------------------------------------------


async def test_sequences_list_and_status_filter(client: httpx.AsyncClient) -> None:
    active = await client.get("/sequences", params={"status": "active", "limit": 10})
    sequences = data(active)
    assert len(sequences) == 3 and all(s["status"] == "active" for s in sequences)
    assert all(set(s) >= {"id", "name", "status", "steps_count"} for s in sequences)
    assert active.json()["meta"] == {"total": 3, "limit": 10, "offset": 0, "has_more": False}
    everything = data(await client.get("/sequences"))
    assert {s["id"] for s in everything} >= {demo.PAUSED_SEQUENCE_ID}


async def test_enroll_counts_every_skip_reason(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    ids = [
        demo.NO_EMAIL_CONTACT_ID,
        demo.DO_NOT_CONTACT_ID,
        demo.GLOBAL_DNC_CONTACT_ID,
        demo.ENROLLED_CONTACT_ID,  # in the active data sequence
        demo.WITH_EMAIL_CONTACT_ID,  # only in the paused sequence: not "active elsewhere"
        "00000000-0000-0000-0000-000000000000",
    ]
    url = f"/sequences/{demo.FRONTEND_SEQUENCE_ID}/enroll"
    first = data(await client.post(url, json={"contact_ids": ids}))
    assert first == {
        "enrolled": 2,
        "skipped_blacklisted": 2,
        "skipped_already_enrolled": 0,
        "skipped_active_elsewhere": 1,
        "skipped_not_found": 1,
    }
    variables = {"project_name": "Senior Frontend Engineers", "custom_intro": "I noticed your work"}
    second = data(
        await client.post(
            url,
            json={
                "contacts": [
                    {"contact_id": demo.NO_EMAIL_CONTACT_ID, "custom_variables": variables},
                    {"contact_id": demo.SOPHIE_CONTACT_ID, "custom_variables": variables},
                ]
            },
        )
    )
    assert second["enrolled"] == 1 and second["skipped_already_enrolled"] == 1
    enrolled = state.enrollments[demo.FRONTEND_SEQUENCE_ID][demo.SOPHIE_CONTACT_ID]
    assert enrolled["custom_variables"] == variables

    too_many = await client.post(url, json={"contact_ids": [demo.SOPHIE_CONTACT_ID] * 501})
    assert "contact_ids" in error(too_many, 400, "validation_error")["details"]
    error(await client.post(url, json={}), 400, "validation_error")
    error(await client.post("/sequences/nope/enroll", json={"contact_ids": ids}), 404, "not_found")


# --- deals -------------------------------------------------------------------------------------


async def test_deal_lifecycle(client: httpx.AsyncClient) -> None:
    pipelines = data(await client.get("/deal-pipelines"))
    pipeline = next(p for p in pipelines if p["id"] == demo.NEW_BUSINESS_PIPELINE_ID)
    assert all(set(s) == {"id", "name", "position", "category"} for s in pipeline["stages"])
    open_stages = [s for s in pipeline["stages"] if s["category"] == "open"]

    deal = data(
        await client.post(
            "/deals",
            json={
                "title": "Recruitment - 3 Senior Engineers",
                "company_id": demo.DOCTOLIB_COMPANY_ID,
                "pipeline_id": demo.NEW_BUSINESS_PIPELINE_ID,
                "amount": 45000,
                "currency": "EUR",
                "expected_close_date": "2025-03-15",
            },
        ),
        201,
    )
    assert deal["status"] == "open" and deal["amount"] == 45000 and deal["currency"] == "EUR"
    assert deal["company"] == {"id": demo.DOCTOLIB_COMPANY_ID, "name": "Doctolib"}
    assert deal["stage"] == {"id": open_stages[0]["id"], "name": open_stages[0]["name"]}
    assert deal["pipeline_id"] == demo.NEW_BUSINESS_PIPELINE_ID
    url = f"/deals/{deal['id']}"

    link = data(
        await client.post(f"{url}/contacts", json={"contact_id": demo.SOPHIE_CONTACT_ID}), 201
    )
    assert link == {"deal_id": deal["id"], "contact_id": demo.SOPHIE_CONTACT_ID}
    moved = data(await client.put(f"{url}/stage", json={"stage_id": open_stages[2]["id"]}))
    assert moved["stage"]["name"] == open_stages[2]["name"]
    other_pipeline = demo.deal_stage_id(demo.RENEWALS_PIPELINE_ID, "In discussion")
    wrong = await client.put(f"{url}/stage", json={"stage_id": other_pipeline})
    assert "stage_id" in error(wrong, 400, "validation_error")["details"]

    closed = data(
        await client.post(
            f"{url}/close",
            json={"status": "won", "signed_amount": 45000, "actual_close_date": "2025-03-10"},
        )
    )
    assert closed["status"] == "won" and closed["signed_amount"] == 45000
    assert closed["actual_close_date"] == "2025-03-10" and closed["stage"]["name"] == "Won"
    again = await client.post(f"{url}/close", json={"status": "lost"})
    assert "status" in error(again, 400, "validation_error")["details"]

    reopened = data(await client.post(f"{url}/reopen"))
    assert reopened["status"] == "open" and reopened["stage"]["name"] == open_stages[2]["name"]
    assert reopened["signed_amount"] is None
    error(await client.post(f"{url}/reopen"), 400, "validation_error")
    assert data(await client.get(url))["status"] == "open"

    bad_status = await client.post(f"{url}/close", json={"status": "maybe"})
    assert "status" in error(bad_status, 400, "validation_error")["details"]
    bad = await client.post("/deals", json={"title": "", "amount": "lots"})
    assert "title" in error(bad, 400, "validation_error")["details"]
    error(await client.get("/deals/nope"), 404, "not_found")


async def test_deals_list_filters_and_companies(client: httpx.AsyncClient) -> None:
    open_deals = data(await client.get("/deals", params={"status": "open"}))
    assert open_deals and all(d["status"] == "open" for d in open_deals)
    assert demo.WON_DEAL_ID not in {d["id"] for d in open_deals}
    qonto = data(await client.get("/deals", params={"search": "qonto"}))
    assert [d["company"]["name"] for d in qonto] == ["Qonto"]
    companies = data(await client.get("/companies", params={"search": "doc"}))
    assert [c["id"] for c in companies] == [demo.DOCTOLIB_COMPANY_ID]


# --- tags, contacts, messages ------------------------------------------------------------------


async def test_tags_create_list_and_tag_a_contact(client: httpx.AsyncClient) -> None:
    tag = data(
        await client.post(
            "/tags", json={"name": "ai-sourced", "color": "#6366F1", "scope": "contact"}
        ),
        201,
    )
    assert set(tag) == {"id", "name", "color", "scope"}
    assert tag["name"] == "ai-sourced" and tag["scope"] == "contact"
    duplicate = await client.post("/tags", json={"name": "AI-sourced", "color": "#6366F1"})
    assert "name" in error(duplicate, 400, "validation_error")["details"]
    bad_color = await client.post("/tags", json={"name": "x", "color": "blue"})
    assert "color" in error(bad_color, 400, "validation_error")["details"]

    listed = data(await client.get("/tags", params={"scope": "contact"}))
    assert tag in listed and demo.FRONTEND_TAG_ID in {t["id"] for t in listed}

    url = f"/contacts/{demo.NO_EMAIL_CONTACT_ID}/tags"
    tagged = data(await client.post(url, json={"tag_id": tag["id"]}), 201)
    assert tagged == {"contact_id": demo.NO_EMAIL_CONTACT_ID, "tag": tag}
    contact = data(await client.get(f"/contacts/{demo.NO_EMAIL_CONTACT_ID}"))
    assert "ai-sourced" in contact["tags"]
    error(await client.post(url, json={"tag_id": "nope"}), 404, "not_found")


async def test_contacts_search_answers_the_seed_example(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/contacts/search", json={"query": "react typescript", "location": "Paris", "limit": 50}
    )
    contacts = data(response)
    names = {f"{c['first_name']} {c['last_name']}" for c in contacts}
    assert names == {
        "Sophie Martin",
        "Thomas Dubois",
        "Camille Laurent",
        "Julien Moreau",
        "Léa Bernard",
    }
    assert response.json()["meta"] == {"total": 5, "limit": 50, "offset": 0, "has_more": False}
    sophie = next(c for c in contacts if c["id"] == demo.SOPHIE_CONTACT_ID)
    for key in (
        "first_name",
        "last_name",
        "title",
        "current_company",
        "location",
        "linkedin_profile",
        "emails",
        "phones",
        "tags",
        "global_status",
        "source",
        "summary",
        "skills",
        "languages",
        "years_experience",
        "custom_data",
        "do_not_contact",
        "created_at",
        "updated_at",
        "last_contacted_at",
        "archived_at",
    ):
        assert key in sophie
    assert sophie["emails"] == [{"email": "sophie@doctolib.com", "type": "work"}]

    page = await client.post("/contacts/search", json={"query": "react", "limit": 2, "offset": 2})
    assert len(data(page)) == 2
    assert page.json()["meta"]["offset"] == 2 and page.json()["meta"]["has_more"] is True
    accents = data(await client.post("/contacts/search", json={"query": "lea bernard"}))
    assert [c["first_name"] for c in accents] == ["Léa"]
    lyon = data(
        await client.post("/contacts/search", json={"query": "data engineer", "location": "lyon"})
    )
    assert lyon and all("Lyon" in c["location"] for c in lyon)
    bad = await client.post("/contacts/search", json={"query": "react", "limit": 0})
    assert "limit" in error(bad, 400, "validation_error")["details"]


async def test_contacts_list_get_and_pagination_meta(client: httpx.AsyncClient) -> None:
    first = await client.get("/contacts", params={"limit": 15})
    assert len(data(first)) == 15
    assert first.json()["meta"] == {"total": 40, "limit": 15, "offset": 0, "has_more": True}
    last = await client.get("/contacts", params={"limit": 15, "offset": 30})
    assert len(data(last)) == 10 and last.json()["meta"]["has_more"] is False
    assert data(await client.get("/contacts"))[0]["id"] == demo.SOPHIE_CONTACT_ID
    assert len(data(await client.get("/contacts"))) == 40

    by_email = data(await client.get("/contacts", params={"search": "sophie@doctolib.com"}))
    assert [c["id"] for c in by_email] == [demo.SOPHIE_CONTACT_ID]
    by_url = data(await client.get("/contacts", params={"search": "linkedin.com/in/thomas-dubois"}))
    assert [c["id"] for c in by_url] == [demo.NO_EMAIL_CONTACT_ID]
    dnc = data(await client.get("/contacts", params={"global_status": "eq.do_not_contact"}))
    assert [c["id"] for c in dnc] == [demo.GLOBAL_DNC_CONTACT_ID]

    for bad in ({"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"offset": "-1"}):
        response = await client.get("/contacts", params=bad)
        assert set(bad) <= set(error(response, 400, "validation_error")["details"])
    error(await client.get("/contacts/nope"), 404, "not_found")


async def test_messages(client: httpx.AsyncClient, state: SandboxState) -> None:
    email = data(
        await client.post(
            "/messages",
            json={
                "contact_id": demo.SOPHIE_CONTACT_ID,
                "channel": "email",
                "subject": "Exciting opportunity at Doctolib",
                "content": "Hi Sophie, I came across your profile...",
            },
        ),
        201,
    )
    assert set(email) >= {"id", "conversation_id", "contact_id", "channel", "status"}
    assert email["contact_id"] == demo.SOPHIE_CONTACT_ID and email["channel"] == "email"
    linkedin = data(
        await client.post(
            "/messages",
            json={
                "contact_id": demo.SOPHIE_CONTACT_ID,
                "channel": "linkedin",
                "content": "Hi Sophie, I noticed your experience with React...",
                "sender_account_id": demo.RECRUITER_ACCOUNT_ID,
            },
        ),
        201,
    )
    assert linkedin["channel"] == "linkedin" and len(state.messages) == 2

    def send(**fields: Any) -> Any:
        body = {
            "contact_id": demo.SOPHIE_CONTACT_ID,
            "channel": "email",
            "subject": "Hi",
            "content": "Hello",
        }
        return client.post("/messages", json=body | fields)

    assert "content" in error(await send(content=""), 400, "validation_error")["details"]
    assert "subject" in error(await send(subject=None), 400, "validation_error")["details"]
    assert "channel" in error(await send(channel="sms"), 400, "validation_error")["details"]
    no_email = await send(contact_id=demo.NO_EMAIL_CONTACT_ID)
    assert "contact_id" in error(no_email, 400, "validation_error")["details"]
    for dnc in (demo.DO_NOT_CONTACT_ID, demo.GLOBAL_DNC_CONTACT_ID):
        refused = await send(contact_id=dnc)
        assert "contact_id" in error(refused, 400, "validation_error")["details"]
    inactive = await send(channel="linkedin", sender_account_id=demo.INACTIVE_ACCOUNT_ID)
    assert "sender_account_id" in error(inactive, 400, "validation_error")["details"]
    error(await send(contact_id="nope"), 404, "not_found")
    assert len(state.messages) == 2


# --- projects ----------------------------------------------------------------------------------


async def test_projects_list_and_detail(client: httpx.AsyncClient) -> None:
    response = await client.get("/projects", params={"status": "active", "limit": 2, "offset": 2})
    projects = data(response)
    assert response.json()["meta"] == {"total": 4, "limit": 2, "offset": 2, "has_more": False}
    assert all(set(p) == {"id", "name", "status", "client_name", "created_at"} for p in projects)
    all_active = data(await client.get("/projects", params={"status": "active"}))
    assert demo.ARCHIVED_PROJECT_ID not in {p["id"] for p in all_active}

    project = data(await client.get(f"/projects/{demo.FRONTEND_PROJECT_ID}"))
    stages = project["pipeline"]["stages"]
    assert [s["name"] for s in stages] == ["Sourced", "Contacted", "Interview", "Offer", "Hired"]
    assert all(
        set(s) == {"id", "name", "position", "system_category", "color", "entries_count"}
        for s in stages
    )
    assert stages[0]["entries_count"] == 1 and stages[4]["entries_count"] == 0
    assert project["owners"]
    error(await client.get("/projects/nope"), 404, "not_found")


async def test_project_entries_default_to_the_first_stage(client: httpx.AsyncClient) -> None:
    url = f"/projects/{demo.SALES_PROJECT_ID}/entries"
    created = data(await client.post(url, json={"contact_id": demo.SOPHIE_CONTACT_ID}), 201)
    assert set(created) == {
        "id",
        "project_id",
        "stage",
        "rating",
        "notes",
        "rejection_reason_id",
        "created_at",
        "updated_at",
        "contact",
    }
    assert created["project_id"] == demo.SALES_PROJECT_ID
    assert created["stage"] == {
        "id": demo.stage_id(demo.SALES_PROJECT_ID, "Sourced"),
        "name": "Sourced",
    }
    assert created["contact"]["id"] == demo.SOPHIE_CONTACT_ID
    assert created["contact"]["first_name"] == "Sophie"

    interview = demo.stage_id(demo.SALES_PROJECT_ID, "Interview")
    chosen = data(
        await client.post(
            url, json={"contact_id": demo.NO_EMAIL_CONTACT_ID, "stage_id": interview}
        ),
        201,
    )
    assert chosen["stage"]["name"] == "Interview"
    project = data(await client.get(f"/projects/{demo.SALES_PROJECT_ID}"))
    counts = {s["name"]: s["entries_count"] for s in project["pipeline"]["stages"]}
    assert counts["Sourced"] == 2 and counts["Interview"] == 2

    twice = await client.post(url, json={"contact_id": demo.SOPHIE_CONTACT_ID})
    assert "contact_id" in error(twice, 400, "validation_error")["details"]
    foreign = await client.post(
        url,
        json={"contact_id": demo.WITH_EMAIL_CONTACT_ID, "stage_id": demo.FRONTEND_SOURCED_STAGE_ID},
    )
    assert "stage_id" in error(foreign, 400, "validation_error")["details"]
    missing = await client.post(url, json={"contact_id": "nope"})
    assert error(missing, 404, "not_found")["details"] == {"contact_id": "Contact not found"}


# --- conventions -------------------------------------------------------------------------------


async def test_auth_errors_use_the_envelope_and_carry_rate_headers(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    missing = await client.get("/contacts", headers={"Authorization": ""})
    error(missing, 401, "invalid_api_key")
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(
        missing.headers
    )
    wrong = await client.get("/contacts", headers={"Authorization": "Bearer leo_wrong"})
    error(wrong, 401, "invalid_api_key")
    basic = await client.get("/contacts", headers={"Authorization": f"Basic {DEFAULT_KEY}"})
    error(basic, 401, "invalid_api_key")

    state.add_key("leo_readonly", {"contacts:read"})
    readonly = {"Authorization": "Bearer leo_readonly"}
    assert (await client.get("/contacts", headers=readonly)).status_code == 200
    refused = await client.post(
        f"/contacts/{demo.SOPHIE_CONTACT_ID}/enrich", json={"type": "work_email"}, headers=readonly
    )
    error(refused, 403, "insufficient_scope")
    assert not state.enrichments

    error(await client.get("/nothing-here"), 404, "not_found")
    error(await client.delete("/contacts"), 405, "method_not_allowed")
    bad_json = await client.post(
        "/contacts/search", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert "body" in error(bad_json, 400, "validation_error")["details"]


async def test_rate_limit_headers_and_429(
    client: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    state.rate_limit = 3
    answers = [await client.get("/tags") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in answers] == ["2", "1", "0", "0"]
    assert all(r.headers["x-ratelimit-limit"] == "3" for r in answers)
    assert all(r.headers["x-ratelimit-reset"] == str(int(T0 + 3600)) for r in answers)
    error(answers[3], 429, "rate_limit_exceeded")
    assert "retry-after" not in answers[3].headers

    other = await client.get("/tags", headers={"Authorization": "Bearer leo_other"})
    assert other.status_code == 401  # budgets are per key: leo_other's is untouched
    assert other.headers["x-ratelimit-remaining"] == "2"

    clock.advance(3600)
    fresh = await client.get("/tags")
    assert fresh.status_code == 200 and fresh.headers["x-ratelimit-remaining"] == "2"
    assert fresh.headers["x-ratelimit-reset"] == str(int(T0 + 7200))


async def test_force_429_and_error_rate(client: httpx.AsyncClient, state: SandboxState) -> None:
    state.force_429 = 2
    statuses = [(await client.get("/tags")).status_code for _ in range(3)]
    assert statuses == [429, 429, 200] and state.force_429 == 0

    state.error_rate = 1.0
    failed = await client.get("/tags")
    error(failed, 500, "internal_error")
    assert "x-ratelimit-remaining" in failed.headers
    state.error_rate = 0.0
    assert (await client.get("/tags")).status_code == 200


async def test_latency_is_added(client: httpx.AsyncClient, state: SandboxState) -> None:
    state.latency = 0.2
    started = time.monotonic()
    await asyncio.gather(client.get("/tags"), client.get("/tags"))
    elapsed = time.monotonic() - started
    assert elapsed >= 0.2


async def test_requests_are_recorded(client: httpx.AsyncClient, state: SandboxState) -> None:
    await client.get("/projects", params={"status": "active", "limit": "5"})
    await client.post("/contacts/search", json={"query": "react"})
    await client.get("/tags", headers={"Authorization": ""})
    assert [(r.method, r.path) for r in state.requests] == [
        ("GET", "/api/v1/projects"),
        ("POST", "/api/v1/contacts/search"),
        ("GET", "/api/v1/tags"),
    ]
    first, second, third = state.requests
    assert first.query == {"status": "active", "limit": "5"} and first.json is None
    assert first.key == DEFAULT_KEY and third.key is None
    assert second.json == {"query": "react"} and second.endpoint == "/contacts/search"
    assert state.requests_to("post", "/contacts/search") == [second]
    state.reset_requests()
    assert state.requests == []


def test_demo_data_is_deterministic_and_varied() -> None:
    one, two = demo.demo_dataset(), demo.demo_dataset()
    assert one.contacts == two.contacts and one.profiles == two.profiles
    assert len(one.contacts) == 40 and len(one.profiles) == 60
    assert len({c["id"] for c in one.contacts}) == 40
    assert len({p["profile_id"] for p in one.profiles}) == 60
    no_email = [c for c in one.contacts if not c["emails"]]
    assert 10 <= len(no_email) <= 20
    assert (
        sum(
            1 for c in one.contacts if c["do_not_contact"] or c["global_status"] == "do_not_contact"
        )
        == 2
    )
    assert len(one.projects) >= 4 and all(len(p["pipeline"]["stages"]) == 5 for p in one.projects)
    assert sorted(s["status"] for s in one.sequences) == ["active", "active", "active", "paused"]
    assert len(one.deal_pipelines) == 2 and len(one.deals) >= 8 and len(one.companies) >= 10
    assert len(one.tags) >= 6


def test_run_sandbox_prints_the_url_and_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    served: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        served.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    run_sandbox(8123, None)
    line = capsys.readouterr().out.strip()
    assert line.count("\n") == 0
    assert "http://127.0.0.1:8123/api/v1" in line and DEFAULT_KEY in line
    assert served["port"] == 8123
    assert served["app"].state.sandbox.keys == {
        DEFAULT_KEY: served["app"].state.sandbox.keys[DEFAULT_KEY]
    }

    run_sandbox(8124, "leo_live_0123456789abcdef")
    line = capsys.readouterr().out.strip()
    assert "0123456789" not in line
    assert "leo_live_0123456789abcdef" in served["app"].state.sandbox.keys
