"""Fetch one web page carefully: timeouts, a size cap, a few http(s) redirects, TLS on.

A practice's website is not ours and may be slow, huge, loop on redirects or
hold anything at all; the fetch must end, within the `Timeouts`, with either
the page or a `TargetUnreachable` whose message says in plain English what
was tried and what went wrong. No request is ever made to a page's links.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import attrs
import requests
import urllib3

from gponline_sdk import __version__
from gponline_sdk.conformance.practice.models import Timeouts
from gponline_sdk.errors import ConfigError, TargetUnreachable

__all__ = ["USER_AGENT", "FetchedPage", "display_url", "fetch_page", "normalise_input_url"]

USER_AGENT = f"gponline-sdk-practice-check/{__version__}"
"""How every request of the practice check names itself (robots.txt rules match on it)."""
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Schemes that are not the web, refused as such; anything else without "://" (a host,
# "host:8080", "user:pw@host") is taken for an address whose https:// was left off.
_OTHER_SCHEME = re.compile(r"(?:mailto|tel|sms|javascript|data|file|about|ftp|urn):", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class FetchedPage:
    """A page as fetched: where it ended up and its decoded text."""

    requested_url: str
    final_url: str
    redirects: tuple[str, ...]
    status: int
    content_type: str
    text: str
    size: int


def display_url(url: str) -> str:
    """A URL fit for messages and reports: no `user:password@`, no control characters."""
    parts = urlsplit(_CONTROL.sub("", url))
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def normalise_input_url(value: str, field: str) -> str:
    """Check an address typed by a person: it must be a full http(s) address.

    An address without `https://` (or `http://`) is refused, not guessed at: the
    message names `field` and shows the address with `https://` in front, so the
    fix is one copy and paste away.

    Args:
        value: The address, e.g. `https://www.example-surgery.nhs.uk`.
        field: The option or argument it came from (`--tool`, `website`...), named in errors.

    Returns:
        The address, trimmed.

    Raises:
        ConfigError: if it has no scheme or is not an http(s) web address.
    """
    text = value.strip()
    if "://" not in text and not _OTHER_SCHEME.match(text):
        raise ConfigError(_no_scheme_message(text, field))
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(f"{field}: not a web address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or _CONTROL.search(text):
        raise ConfigError(f"{field}: expected an http:// or https:// web address")
    return text


def _no_scheme_message(text: str, field: str) -> str:
    try:
        # display_url drops any user:password, so the message never repeats one.
        fixed = display_url("https://" + text.lstrip("/"))
    except ValueError:
        return f"{field}: not a web address; give the full address, starting https://"
    if not urlsplit(fixed).hostname or any(c.isspace() for c in fixed):
        return f"{field}: not a web address; give the full address, starting https://"
    shown = fixed.removeprefix("https://")
    prefix = f"{field} " if field.startswith("--") else ""
    return (
        f"{field}: {shown} has no https:// (or http://) at the start; give the full "
        f"address, for example {prefix}{fixed}"
    )


def fetch_page(
    url: str, *, session: requests.Session, timeouts: Timeouts, what: str = "page"
) -> FetchedPage:
    """GET a page, following at most `timeouts.max_redirects` http(s) redirects.

    Args:
        url: An absolute http(s) URL.
        session: The session to use (its TLS verification setting is kept; on by default).
        timeouts: Connect, read and total timeouts, size cap and redirect limit.
        what: What the page is, for messages ("practice website", "tool").

    Returns:
        The page, whatever its HTTP status: callers judge the status.

    Raises:
        TargetUnreachable: if no complete answer came back within the limits.
    """
    deadline = time.monotonic() + timeouts.total
    seen = {_loop_key(url)}
    redirects: list[str] = []
    current = url
    while True:
        response = _get(current, session=session, timeouts=timeouts, what=what)
        with response:
            location = response.headers.get("Location")
            if response.is_redirect and location is not None:
                target = urljoin(current, location.strip())
                _check_redirect(
                    url, target, seen=seen, count=len(redirects), timeouts=timeouts, what=what
                )
                seen.add(_loop_key(target))
                redirects.append(display_url(target))
                current = target
                continue
            body = _read_body(response, current, deadline, timeouts, what)
            content_type = response.headers.get("Content-Type", "")
            return FetchedPage(
                requested_url=display_url(url),
                final_url=display_url(current),
                redirects=tuple(redirects),
                status=response.status_code,
                content_type=content_type,
                text=_decode(body, content_type),
                size=len(body),
            )


def _loop_key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, (parts.netloc or "").lower(), parts.path or "/", parts.query, "")
    )


def _check_redirect(
    start: str, target: str, *, seen: set[str], count: int, timeouts: Timeouts, what: str
) -> None:
    shown = display_url(start)
    if urlsplit(target).scheme not in ("http", "https"):
        raise TargetUnreachable(
            f"the {what} at {shown} redirects to an address that is not a web page"
        )
    if _loop_key(target) in seen:
        raise TargetUnreachable(f"the {what} at {shown} redirects in a loop")
    if count >= timeouts.max_redirects:
        raise TargetUnreachable(
            f"the {what} at {shown} redirects more than {timeouts.max_redirects} times"
        )


def _get(
    url: str, *, session: requests.Session, timeouts: Timeouts, what: str
) -> requests.Response:
    shown = display_url(url)
    host = urlsplit(url).hostname or shown
    try:
        return session.get(
            url,
            stream=True,
            allow_redirects=False,
            timeout=(timeouts.connect, timeouts.read),
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
        )
    except requests.exceptions.SSLError:
        raise TargetUnreachable(
            f"the {what} at {shown}: the secure connection (TLS certificate) could not be verified"
        ) from None
    except requests.exceptions.ConnectTimeout:
        raise TargetUnreachable(
            f"the {what} at {shown}: no connection to {host} within {timeouts.connect:g} s"
        ) from None
    except requests.exceptions.ReadTimeout:
        raise TargetUnreachable(
            f"the {what} at {shown}: connected, but no answer within {timeouts.read:g} s"
        ) from None
    except requests.exceptions.ConnectionError as exc:
        reason = "no such host" if "resolv" in str(exc).lower() else "connection refused or reset"
        raise TargetUnreachable(
            f"the {what} at {shown}: could not connect to {host} ({reason})"
        ) from None
    except requests.exceptions.RequestException as exc:
        raise TargetUnreachable(
            f"the {what} at {shown}: request failed ({type(exc).__name__})"
        ) from None


def _read_body(
    response: requests.Response, url: str, deadline: float, timeouts: Timeouts, what: str
) -> bytes:
    shown = display_url(url)
    too_big = TargetUnreachable(
        f"the {what} at {shown} is larger than {timeouts.max_bytes:,} bytes; not read"
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > timeouts.max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in _chunks(response):
            size += len(chunk)
            if size > timeouts.max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                raise TargetUnreachable(
                    f"the {what} at {shown} took more than {timeouts.total:g} s to arrive"
                )
            chunks.append(chunk)
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        if isinstance(exc, TargetUnreachable):
            raise
        timed_out = "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
        reason = f"no data for {timeouts.read:g} s" if timed_out else "the connection broke"
        raise TargetUnreachable(
            f"the {what} at {shown}: stopped while sending ({reason})"
        ) from None
    return b"".join(chunks)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    # `read1` returns whatever has arrived: `iter_content` waits to fill each chunk, so a
    # server dripping a byte at a time could hold it far past the total deadline.
    raw = response.raw
    if not isinstance(raw, urllib3.response.HTTPResponse):  # pragma: no cover - other adapters
        yield from response.iter_content(chunk_size=1024)
        return
    while chunk := raw.read1(64 * 1024, decode_content=True):
        yield chunk


def _decode(body: bytes, content_type: str) -> str:
    charset = None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    if match:
        charset = match[1]
    elif found := _CHARSET.search(body[:4096]):
        charset = found[1].decode("ascii")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name: fall back rather than fail the check
        return body.decode("utf-8", errors="replace")
