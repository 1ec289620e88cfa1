"""Modal ``private_metadata``: a small JSON object (Slack allows 3,000 characters)."""

from __future__ import annotations

import json
from typing import Any

MAX_PRIVATE_METADATA = 3000


def encode_metadata(data: dict[str, Any]) -> str:
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    if len(text) > MAX_PRIVATE_METADATA:
        raise ValueError("private_metadata is over Slack's 3,000 characters: store it instead")
    return text


def decode_metadata(text: str | None) -> dict[str, Any]:
    """The object back; a missing or malformed value (e.g. from a hostile payload) is {}."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
