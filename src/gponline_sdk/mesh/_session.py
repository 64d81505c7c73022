"""`_MeshSession`: the HTTP session, auth, timeouts and the retry loop under `MeshTransport`.

The session is plain `requests` with mesh-client's `AuthTokenGenerator` as its
auth and mesh-client's `SSLContextAdapter` for TLS (client certificate, CA
bundles of the NHS endpoints). Retries are ours, not urllib3's: see `_request`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import mesh_client
import requests
import urllib3.exceptions

from gponline_sdk._version import __version__
from gponline_sdk.errors import MeshAuthError, MeshError
from gponline_sdk.mesh._retry import RETRYABLE_STATUSES, Deadline, RetryPolicy, parse_retry_after
from gponline_sdk.mesh.config import MeshConfig

__all__ = ["CLIENT", "MeshSession", "brief", "never_connected"]

log = logging.getLogger("gponline_sdk.mesh.transport")

_ACCEPT = "application/vnd.mesh.v2+json"
CLIENT = f"gponline-sdk/{__version__}"


def never_connected(exc: requests.RequestException) -> bool:
    """True when the request provably never reached the server."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError) and exc.args:
        reason = getattr(exc.args[0], "reason", exc.args[0])
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def brief(resp: requests.Response) -> str:
    """MESH's own short error text (never message content), if it sent one."""
    try:
        body = resp.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    text = body.get("errorDescription")
    detail = body.get("detail")
    if not text and isinstance(detail, list) and detail and isinstance(detail[0], dict):
        text = detail[0].get("msg")
    return f": {str(text)[:200]}" if text else ""


class MeshSession:
    """Session plumbing shared by the transport's calls (not public API)."""

    def __init__(
        self,
        config: MeshConfig,
        *,
        policy: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.config = config
        self.policy = policy or RetryPolicy()
        self._owns_session = session is None
        self._session = session or requests.Session()
        self._configure_session()
        self._mailbox_url = f"{config.base_url}/messageexchange/{quote(config.mailbox)}"

    def _configure_session(self) -> None:
        cfg = self.config
        s = self._session
        s.headers.update({"Accept": _ACCEPT, "User-Agent": CLIENT, "Accept-Encoding": "gzip"})
        # mesh-client's token generator: a fresh nonce count for every request.
        s.auth = mesh_client.AuthTokenGenerator(
            cfg.shared_key.reveal().encode("utf-8"), cfg.mailbox, cfg.password.reveal()
        )
        if not cfg.base_url.lower().startswith("https://"):
            return
        known = mesh_client.try_get_endpoint_from_url(cfg.base_url)
        verify: str | bool = cfg.verify
        if cfg.verify and cfg.ca_bundle is not None:
            verify = str(cfg.ca_bundle)
        elif cfg.verify and known is not None:
            verify = known.verify
        cert = (str(cfg.client_cert), str(cfg.client_key)) if cfg.client_cert else None
        adapter = mesh_client.SSLContextAdapter(
            cert,
            verify,
            known.check_hostname if known else None,
            known.hostname_checks_common_name if known else None,
            max_retries=0,  # retries are ours: see _request
        )
        s.mount(cfg.base_url, adapter)
        s.verify = verify
        if cert:
            s.cert = cert

    # -- plumbing ------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session if this transport created it."""
        if self._owns_session:
            self._session.close()

    def _timeout(self, deadline: Deadline) -> tuple[float, float]:
        read = min(self.config.read_timeout, max(deadline.remaining(), 0.001))
        return (self.config.connect_timeout, read)

    def _auth_error(self, resp: requests.Response, what: str) -> MeshAuthError:
        return MeshAuthError(
            f"{what}: MESH refused the credentials for mailbox {self.config.mailbox} "
            f"(HTTP {resp.status_code}); check the mailbox ID, password, shared key and "
            "client certificate. Not retried.",
            status=resp.status_code,
        )

    def _request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        deadline: Deadline,
        **kwargs: Any,
    ) -> requests.Response:
        """Make a call that is safe to repeat, retrying what may be retried."""
        attempt = 0
        while True:
            attempt += 1
            deadline.check(what)
            try:
                resp = self._session.request(method, url, timeout=self._timeout(deadline), **kwargs)
            except requests.exceptions.SSLError as exc:
                raise MeshError(f"{what}: TLS failed ({type(exc).__name__})") from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                wait = self.policy.backoff(attempt)
                log.warning("%s: %s (attempt %d), retrying", what, type(exc).__name__, attempt)
                deadline.wait(wait, what)
                continue
            if resp.status_code in (401, 403):
                raise self._auth_error(resp, what)
            if resp.status_code in RETRYABLE_STATUSES:
                asked = parse_retry_after(resp.headers.get("Retry-After"))
                wait = asked if asked is not None else self.policy.backoff(attempt)
                log.warning(
                    "%s: HTTP %d (attempt %d), retrying in %.1fs",
                    what, resp.status_code, attempt, wait,
                )  # fmt: skip
                resp.close()
                deadline.wait(wait, what)
                continue
            return resp

    def _ok(self, resp: requests.Response, what: str, *ok: int) -> requests.Response:
        if resp.status_code in (ok or (200, 202)):
            return resp
        raise MeshError(
            f"{what}: MESH answered HTTP {resp.status_code}{brief(resp)}",
            status=resp.status_code,
        )
