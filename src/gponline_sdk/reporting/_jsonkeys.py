"""Where a JSON text gives one object key twice: fast parsers keep the last silently.

Shared by the JSON Lines event reader and the JSON submission reader (through
`_textfile`, which re-exports it). Locations name the object and the key's
position, never the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["duplicate_key_location"]

# A JSON string token. In a document already parsed as valid JSON, `"` occurs only
# inside strings, so scanning string tokens left to right tokenises it exactly;
# a string followed by `:` is an object key.
_KEY_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?')  # unrolled: no backtracking


def _count_keys(value: object) -> int:
    # Records are flat: only containers are descended into, scalars cost one type check.
    n = 0
    items: Iterable[object]
    if type(value) is dict:
        n = len(value)
        items = value.values()
    elif type(value) is list:
        items = value
    else:
        return 0
    for item in items:
        if type(item) is dict or type(item) is list:
            n += _count_keys(item)
    return n


def duplicate_key_location(text: str, parsed: object, prefix: str = "$") -> str | None:
    """Where a JSON text gives one object key twice (`$.records[3]`, key #2), or None.

    Fast JSON parsers keep the last of duplicate keys silently; the national
    pipeline may keep the first. The cheap check compares the key tokens in
    `text` with the keys `parsed` kept; only when they differ is the text parsed
    again to find where. The location names the object and the key's position,
    never the key: an unknown key may be a patient's name.
    """
    if "{" not in text:
        return None
    tokens = _KEY_TOKEN.findall(text)  # one group: ":" (with spaces) after a key, else ""
    if len(tokens) - tokens.count("") == _count_keys(parsed):
        return None
    import json  # noqa: PLC0415 - the slow path runs only for a broken document

    def hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) == len(keys):
            return dict(pairs)
        return _Duplicated(
            pairs, position=next(i for i, k in enumerate(keys, 1) if k in keys[: i - 1])
        )

    try:
        doc = json.loads(text, object_pairs_hook=hook)
    except ValueError:
        return prefix
    return _find_duplicated(doc, prefix) or prefix


class _Duplicated(dict):  # type: ignore[type-arg]
    """An object read with a key given twice; `position` is that key's position."""

    def __init__(self, pairs: list[tuple[str, object]], *, position: int) -> None:
        super().__init__(pairs)
        self.position = position


def _find_duplicated(value: object, path: str) -> str | None:
    if isinstance(value, _Duplicated):
        return f"{path} (key #{value.position})"
    if isinstance(value, dict):
        for position, item in enumerate(value.values(), 1):
            # Keys are given by position: an unknown key may be a patient's name.
            found = _find_duplicated(item, f"{path}.<key #{position}>")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_duplicated(item, f"{path}[{index}]")
            if found:
                return found
    return None
