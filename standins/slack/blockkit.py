"""Reading Block Kit the way a person looks at it: buttons by their text, inputs by their label."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Json = dict[str, Any]


def text_of(obj: Any) -> str:
    """The visible text of a text object (or a plain string)."""
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    if isinstance(obj, str):
        return obj
    return ""


def iter_elements(blocks: list[Json]) -> Iterator[tuple[Json, Json]]:
    """Every interactive element with the block that holds it, in display order."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "actions":
            for element in block.get("elements") or []:
                if isinstance(element, dict):
                    yield block, element
        for key in ("accessory", "element"):
            element = block.get(key)
            if isinstance(element, dict):
                yield block, element


def _matches(candidate: str, wanted: str) -> bool:
    return wanted.casefold() in candidate.casefold()


def find_element(
    blocks: list[Json], text_or_action_id: str, *, types: tuple[str, ...] | None = None
) -> tuple[Json, Json] | None:
    """An element whose visible text or placeholder matches (exact first, then substring), or whose
    action_id equals ``text_or_action_id``."""
    found = [
        (block, element)
        for block, element in iter_elements(blocks)
        if types is None or element.get("type") in types
    ]
    for block, element in found:
        if element.get("action_id") == text_or_action_id:
            return block, element
    wanted = text_or_action_id.casefold()
    for exact in (True, False):
        for block, element in found:
            label = text_of(element.get("text")) or text_of(element.get("placeholder"))
            if block.get("type") == "input":
                label = text_of(block.get("label"))
            if (label.casefold() == wanted) if exact else _matches(label, text_or_action_id):
                return block, element
    return None


def input_blocks(blocks: list[Json]) -> list[Json]:
    return [b for b in blocks if isinstance(b, dict) and b.get("type") == "input"]


def find_input(blocks: list[Json], label: str) -> Json | None:
    """The input block whose label contains ``label`` (case-insensitive; exact match wins)."""
    candidates = input_blocks(blocks)
    for block in candidates:
        if text_of(block.get("label")).casefold() == label.casefold():
            return block
    for block in candidates:
        if _matches(text_of(block.get("label")), label):
            return block
    return None


def options_of(element_or_answer: Json) -> list[Json]:
    """All options of a select/radio/checkbox element or an options answer, groups flattened."""
    options: list[Json] = list(element_or_answer.get("options") or [])
    for group in element_or_answer.get("option_groups") or []:
        options += list(group.get("options") or [])
    return options


def pick_option(options: list[Json], wanted: str) -> Json | None:
    """The option whose text (or value) matches ``wanted``: exact text first, then substring."""
    for option in options:
        if text_of(option.get("text")).casefold() == wanted.casefold():
            return option
    for option in options:
        if option.get("value") == wanted:
            return option
    for option in options:
        if _matches(text_of(option.get("text")), wanted):
            return option
    return None


def visible_text(text: str | None, blocks: list[Json] | None) -> str:
    """Everything a person can read in a message or view, one piece per line."""
    parts: list[str] = [text] if text and not blocks else []
    for block in blocks or []:
        parts += list(_block_texts(block))
    return "\n".join(p for p in parts if p)


def _block_texts(block: Any) -> Iterator[str]:
    if not isinstance(block, dict):
        return
    for key in ("text", "label", "title", "hint"):
        if isinstance(block.get(key), dict):
            yield text_of(block[key])
    for field in block.get("fields") or []:
        yield text_of(field)
    if block.get("type") == "context":
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
                yield text_of(element)
    if block.get("type") == "rich_text":
        yield from _rich_texts(block.get("elements") or [])
    for _, element in iter_elements([block]):
        yield text_of(element.get("text"))
        for option in options_of(element) if element.get("type") != "overflow" else []:
            if option in (element.get("initial_options") or []) or option == element.get(
                "initial_option"
            ):
                yield text_of(option.get("text"))


def _rich_texts(elements: list[Any]) -> Iterator[str]:
    for element in elements:
        if not isinstance(element, dict):
            continue
        if isinstance(element.get("text"), str):
            yield element["text"]
        yield from _rich_texts(element.get("elements") or [])
