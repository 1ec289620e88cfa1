from __future__ import annotations

import pytest

from bot.store import KeyOwner


@pytest.mark.parametrize(
    ("owner", "text"),
    [
        (KeyOwner.user("T1", "U1"), "user:T1:U1"),
        (KeyOwner.workspace("T1"), "workspace:T1"),
        (KeyOwner.env(), "env"),
    ],
)
def test_key_owner_round_trips(owner: KeyOwner, text: str) -> None:
    assert str(owner) == text
    assert KeyOwner.parse(text) == owner


@pytest.mark.parametrize("bad", ["", "user:T1", "workspace:", "leo_abc", "user::U1"])
def test_key_owner_rejects_anything_else(bad: str) -> None:
    with pytest.raises(ValueError):
        KeyOwner.parse(bad)
