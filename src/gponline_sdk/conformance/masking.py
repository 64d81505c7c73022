"""Mask secrets and patient identifiers in evidence before it is stored.

Evidence is what makes a result believable, and it is also where a token or a
(synthetic, but identifier-shaped) NHS number would leak into a report that a
vendor attaches to a ticket. So nothing reaches a `CheckResult` unmasked:

1. headers that carry credentials (`Authorization`, `Cookie`, any name with
   `token`, `secret`, `password`, `key` or `auth`) keep their name, lose their value;
2. in JSON bodies, the values of identifier and secret fields (`nhs_number`,
   `given_name`, `email`, `phone`, `postcode`, `description`, `token`, ...) are
   masked, and *learned*: the same values are then masked wherever else they
   appear in the run (a response echoing them, a failure message quoting them);
3. values registered up front (the run's token, canaries a check made up) are
   masked everywhere;
4. credentials in URLs (`https://user:password@host`, `?token=...`) and
   anything shaped like an NHS number (ten digits passing the modulus 11
   check), an email address, a UK phone number or a bearer token is masked.

Masking errs on the side of hiding: a report with a few extra `[masked]` marks
is acceptable, one with a leaked identifier is not.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from typing import Any

import attrs

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.models.identifiers import is_valid_nhs_number

__all__ = ["MASK", "Masker"]

MASK = "[masked]"

_SECRET_HEADER = re.compile(r"auth|token|secret|password|cookie|key|session", re.IGNORECASE)
_SENSITIVE_FIELDS = frozenset(
    {
        # secrets
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "password",
        "secret",
        "client_secret",
        "api_key",
        "authorization",
        # patient identifiers and free text (wire names of the consultation models)
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "email",
        "phone",
        "address_lines",
        "postcode",
        "proxy_name",
        "description",
        "body",
    }
)
_NHS_LIKE = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
_BEARER = re.compile(r"(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"((?:token|key|secret|password|auth)[A-Za-z_]*=)[^&#\s]+", re.I)
_USERINFO = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_MIN_LEARNED = 3  # shorter values would mask half the report without protecting anyone


def _mask_nhs(match: re.Match[str]) -> str:
    return MASK if is_valid_nhs_number(match.group(0)) else match.group(0)


class Masker:
    """Masks one run's evidence; remembers every sensitive value it has seen.

    Thread-safe, so checks that use threads can record evidence.

    >>> m = Masker(secrets=["s3cr3t-token"])
    >>> m.text("token s3cr3t-token for 943 476 5919, mail a.b@example.org")
    'token [masked] for [masked], mail [masked]'
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._known: set[str] = set()
        self._lock = threading.Lock()
        self.add(secrets)

    def __repr__(self) -> str:
        return f"Masker(<{len(self._known)} values>)"

    def add(self, values: Iterable[str]) -> None:
        """Mask these exact values from now on (tokens, canary names, made-up identifiers)."""
        with self._lock:
            self._known.update(v for v in values if len(v) >= _MIN_LEARNED)

    def text(self, value: str) -> str:
        """`value` with every known value and identifier-shaped string masked."""
        with self._lock:
            known = sorted(self._known, key=len, reverse=True)
        for secret in known:
            value = value.replace(secret, MASK)
        value = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", value)
        value = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)
        value = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, value)
        value = _EMAIL.sub(MASK, value)
        value = _NHS_LIKE.sub(_mask_nhs, value)
        return _PHONE.sub(MASK, value)

    def optional_text(self, value: str | None) -> str | None:
        """`text`, passing None through."""
        return None if value is None else self.text(value)

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        """Headers with credential-bearing values masked and the rest passed through `text`."""
        return {
            name: MASK if _SECRET_HEADER.search(name) else self.text(value)
            for name, value in headers.items()
        }

    def body(self, value: str | None) -> str | None:
        """A request or response body: JSON fields masked and learned, then `text`."""
        if value is None:
            return None
        try:
            data = json.loads(value)
        except ValueError:
            return self.text(value)
        learned: list[str] = []
        masked = _mask_json(data, learned)
        self.add(learned)
        return self.text(json.dumps(masked, ensure_ascii=False, sort_keys=False))

    def exchange(self, exchange: Exchange) -> Exchange:
        """The exchange with its request masked (and learned from) before its response."""
        request_body = self.body(exchange.request_body)
        request_headers = self.headers(exchange.request_headers)
        url = self.text(exchange.url)
        return attrs.evolve(
            exchange,
            url=url,
            request_headers=request_headers,
            request_body=request_body,
            response_headers=self.headers(exchange.response_headers),
            response_body=self.body(exchange.response_body),
            error=self.optional_text(exchange.error),
        )


def _leaves(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        out.append(str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _leaves(item, out)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, out)


def _mask_json(value: Any, learned: list[str]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, str) and key.lower() in _SENSITIVE_FIELDS and item is not None:
                _leaves(item, learned)
                out[key] = MASK
            else:
                out[key] = _mask_json(item, learned)
        return out
    if isinstance(value, list):
        return [_mask_json(item, learned) for item in value]
    return value
