from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.leonar import LeonarClient, RateBudgets
from bot.services.contacts import (
    ContactRefKind,
    linkedin_slug,
    parse_contact_ref,
    resolve_contacts,
)
from standins.leonar import SandboxState, create_leonar_sandbox
from standins.leonar_data import NO_EMAIL_CONTACT_ID, SOPHIE_CONTACT_ID


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("A1B2C3D4-5678-90ab-cdef-1234567890ab", ContactRefKind.ID, "a1b2c3d4-5678-90ab-cdef-1234567890ab"),
        ("<mailto:Sophie@Doctolib.com|Sophie@Doctolib.com>", ContactRefKind.EMAIL, "sophie@doctolib.com"),
        ("<https://www.linkedin.com/in/sophie-martin/>", ContactRefKind.LINKEDIN, "sophie-martin"),
        ("fr.linkedin.com/in/Sophie-Martin?trk=x", ContactRefKind.LINKEDIN, "sophie-martin"),
        ("  Sophie   Martin ", ContactRefKind.NAME, "Sophie Martin"),
    ],
)
def test_parse_contact_ref(text: str, kind: ContactRefKind, value: str) -> None:
    ref = parse_contact_ref(text)
    assert ref is not None and ref.kind is kind and ref.value == value


def test_empty_ref_and_slug() -> None:
    assert parse_contact_ref("   ") is None
    assert linkedin_slug("https://example.com/in/x") is None


@pytest.fixture
async def client() -> AsyncIterator[tuple[LeonarClient, SandboxState]]:
    state = SandboxState.demo()
    transport = httpx.ASGITransport(app=create_leonar_sandbox(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        yield (
            LeonarClient(http, base_url="http://sandbox/api/v1", api_key="leo_sandbox", budgets=RateBudgets()),
            state,
        )


@pytest.mark.parametrize(
    "text",
    [
        SOPHIE_CONTACT_ID,
        "sophie@doctolib.com",
        "https://www.linkedin.com/in/sophie-martin",
        "Sophie Martin",
    ],
)
async def test_resolve_each_form(client: tuple[LeonarClient, SandboxState], text: str) -> None:
    found = await resolve_contacts(client[0], text)
    assert [c.id for c in found][:1] == [SOPHIE_CONTACT_ID]


async def test_resolve_unknown(client: tuple[LeonarClient, SandboxState]) -> None:
    assert await resolve_contacts(client[0], "00000000-0000-0000-0000-000000000000") == []
    assert await resolve_contacts(client[0], "nobody@nowhere.example") == []
    assert await resolve_contacts(client[0], "Zyxwvut Qponml") == []


async def test_resolve_name_without_email(client: tuple[LeonarClient, SandboxState]) -> None:
    found = await resolve_contacts(client[0], "Thomas Dubois")
    assert found and found[0].id == NO_EMAIL_CONTACT_ID
