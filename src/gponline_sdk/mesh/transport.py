"""`MeshTransport`: the SDK's interface to a MESH mailbox.

Built on NHS England's `mesh-client` for what it does well (the `NHSMESH` auth
token, the TLS adapter with client certificates, the CA bundles of the NHS
endpoints) and on plain `requests` for the calls, so that the SDK controls what
`MeshClient.send_message` does not expose: the message ID between the create
POST and the chunk uploads, a connect/read timeout pair, a retry policy with
one overall deadline and an injectable clock, and tracking by local ID. See
`docs/mesh.md` for the reasons in full.
"""

from __future__ import annotations

import gzip
import logging
import os
import platform
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import attrs
import requests

from gponline_sdk.errors import MeshError, MeshOutcomeUnknown
from gponline_sdk.mesh._chunks import ChunkedFile
from gponline_sdk.mesh._retry import Deadline
from gponline_sdk.mesh._session import CLIENT, MeshSession, never_connected

__all__ = ["MeshTransport", "TrackingInfo"]

log = logging.getLogger(__name__)

_COPY_BLOCK = 1024 * 1024
# gzip level 6, not `gzip.compress`'s default 9: on submission JSON it is 2.5x
# faster for output about 5% larger, and compressing is most of a send's CPU
# time (bench/bench_send.py). mtime=0 makes a re-sent chunk byte-identical.
_GZIP_LEVEL = 6


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=_GZIP_LEVEL, mtime=0)


@attrs.frozen(kw_only=True)
class TrackingInfo:
    """What MESH's outbox tracking says about a message we sent.

    Attributes:
        message_id: MESH's ID for the message.
        local_id: The local ID we sent with it, when MESH reports it.
        status: Lower-case status: `uploading` (chunks missing), `accepted`,
            `acknowledged`, `undeliverable` or `error`.
        chunk_count: Number of chunks MESH expects, when reported.
    """

    message_id: str
    local_id: str | None
    status: str
    chunk_count: int | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> TrackingInfo:
        """Read a v1 (`messageId`) or v2 (`message_id`) tracking body."""
        chunks = body.get("chunkCount")
        return cls(
            message_id=str(body.get("message_id") or body.get("messageId") or ""),
            local_id=body.get("local_id") or body.get("localId"),
            status=str(body.get("status") or "").lower(),
            chunk_count=int(chunks) if isinstance(chunks, (int, str)) and str(chunks) else None,
        )


class MeshTransport(MeshSession):
    """Send, receive and track MESH messages for one mailbox.

    Every call has a (connect, read) timeout; every retried call stops at the
    config's overall deadline. The create POST of `send` is never retried.

    Args:
        config: The mailbox and endpoint settings.
        policy: Retry backoff, clock and sleep (tests pass fakes).
        session: A `requests.Session` to use (default: a new one, closed by `close`).

    Example::

        with MeshTransport(load_config("gponline.toml")) as mesh:
            message_id = mesh.send("week.json", filename="week.json",
                                   local_id=uuid.uuid4().hex, subject="2026-W47/oc_record")
    """

    def __enter__(self) -> MeshTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sending -------------------------------------------------------------

    def send(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        *,
        filename: str,
        local_id: str,
        subject: str,
        workflow_id: str | None = None,
        recipient: str | None = None,
        on_created: Callable[[str], None] | None = None,
    ) -> str:
        """Send a file (or binary stream) as one MESH message, in gzipped chunks.

        The file is read one chunk at a time, so memory stays flat in its size.

        Args:
            source: A path, or a binary stream (a non-seekable one is spooled to disk).
            filename: `mex-FileName`.
            local_id: `mex-LocalID`: our ID for the message, used to reconcile.
            subject: `mex-Subject`.
            workflow_id: `mex-WorkflowID`; defaults to the config's.
            recipient: `mex-To`; defaults to the config's.
            on_created: Called with the message ID as soon as MESH creates the
                message, before the other chunks go (the outbox records it).

        Returns:
            MESH's message ID.

        Raises:
            MeshOutcomeUnknown: The create POST was sent but its result is unknown
                (timeout, dropped connection, 5xx). Never retried: reconcile.
            MeshAuthError: 401/403.
            MeshDeadlineExceeded: Chunk retries ran out of time (message exists,
                incomplete; `upload_chunks` can finish it).
            MeshError: MESH refused the message, or a chunk, for good.
        """
        deadline = self.policy.deadline(self.config.deadline)
        with _opened(source) as stream:
            chunks = ChunkedFile(stream, self.config.max_chunk_size)
            message_id = self._create(
                chunks,
                deadline=deadline,
                headers={
                    "mex-To": recipient or self.config.recipient,
                    "mex-WorkflowID": workflow_id or self.config.workflow_id,
                    "mex-FileName": filename,
                    "mex-LocalID": local_id,
                    "mex-Subject": subject,
                },
            )
            log.info("MESH message %s created (local id %s, %d chunks)",
                     message_id, local_id, chunks.total)  # fmt: skip
            if on_created is not None:
                on_created(message_id)
            self._upload(chunks, message_id, first=2, deadline=deadline)
        return message_id

    def upload_chunks(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        *,
        message_id: str,
        first: int = 2,
    ) -> int:
        """Upload chunks `first`..N of an existing message (resume after a crash).

        Chunk uploads are idempotent in MESH, so re-sending one that arrived is safe.

        Args:
            source: The same file the message was created from.
            message_id: The message MESH created.
            first: First chunk number to upload (2 or more).

        Returns:
            The total number of chunks of the file at this config's chunk size.
        """
        deadline = self.policy.deadline(self.config.deadline)
        with _opened(source) as stream:
            chunks = ChunkedFile(stream, self.config.max_chunk_size)
            self._upload(chunks, message_id, first=max(2, first), deadline=deadline)
            return chunks.total

    def chunk_count(self, source: str | os.PathLike[str]) -> int:
        """Number of chunks `send` would split the file at `source` into."""
        with _opened(source) as stream:
            return ChunkedFile(stream, self.config.max_chunk_size).total

    def _create(self, chunks: ChunkedFile, *, deadline: Deadline, headers: dict[str, str]) -> str:
        what = "MESH send (create)"
        body = _gzip(chunks.read(1))
        headers = {
            **headers,
            "Content-Type": "application/octet-stream",
            "Content-Encoding": "gzip",
            "mex-Chunk-Range": f"1:{chunks.total}",
        }
        try:
            # Deliberately one attempt: a lost answer to a delivered create would
            # become a duplicate if repeated. The outbox reconciles instead.
            resp = self._session.post(
                f"{self._mailbox_url}/outbox",
                data=body,
                headers=headers,
                timeout=self._timeout(deadline),
            )
        except requests.RequestException as exc:
            if never_connected(exc):
                raise MeshError(f"{what}: could not connect ({type(exc).__name__})") from None
            raise MeshOutcomeUnknown(
                f"{what}: no answer ({type(exc).__name__}) for local id "
                f"{headers['mex-LocalID']}; reconcile before sending again"
            ) from None
        if resp.status_code in (401, 403):
            raise self._auth_error(resp, what)
        if resp.status_code >= 500:
            raise MeshOutcomeUnknown(
                f"{what}: HTTP {resp.status_code} for local id {headers['mex-LocalID']}; "
                "reconcile before sending again",
                status=resp.status_code,
            )
        self._ok(resp, what)
        try:
            answer = resp.json()
            message_id = str(answer.get("message_id") or answer.get("messageID") or "")
        except (ValueError, AttributeError):
            message_id = ""
        if not message_id:
            raise MeshOutcomeUnknown(
                f"{what}: HTTP {resp.status_code} without a message id for local id "
                f"{headers['mex-LocalID']}; reconcile",
                status=resp.status_code,
            )
        return message_id

    def _upload(
        self, chunks: ChunkedFile, message_id: str, *, first: int, deadline: Deadline
    ) -> None:
        for number in range(first, chunks.total + 1):
            what = f"MESH send chunk {number}/{chunks.total} of {message_id}"
            body = _gzip(chunks.read(number))
            resp = self._request(
                "POST",
                f"{self._mailbox_url}/outbox/{quote(message_id)}/{number}",
                what=what,
                deadline=deadline,
                data=body,
                headers={
                    "Content-Type": "application/octet-stream",
                    "Content-Encoding": "gzip",
                    "mex-Chunk-Range": f"{number}:{chunks.total}",
                },
            )
            self._ok(resp, what)
            log.debug("%s uploaded", what)

    # -- receiving -------------------------------------------------------------

    def handshake(self) -> None:
        """Check that MESH accepts our credentials (`POST /messageexchange/{mailbox}`)."""
        deadline = self.policy.deadline(self.config.deadline)
        headers = {
            "mex-ClientVersion": CLIENT,
            "mex-OSName": platform.system(),
            "mex-OSVersion": platform.release(),
            "mex-OSArchitecture": platform.machine(),
            "mex-JavaVersion": "N/A",
        }
        resp = self._request(
            "POST", self._mailbox_url, what="MESH handshake", deadline=deadline, headers=headers
        )
        self._ok(resp, "MESH handshake")

    def inbox(self) -> list[str]:
        """IDs of the messages waiting in our inbox (all pages)."""
        deadline = self.policy.deadline(self.config.deadline)
        ids: list[str] = []
        url: str | None = f"{self._mailbox_url}/inbox"
        while url:
            resp = self._ok(self._request("GET", url, what="MESH inbox", deadline=deadline),
                            "MESH inbox", 200)  # fmt: skip
            body = resp.json()
            ids.extend(str(m) for m in body.get("messages", []))
            nxt = (body.get("links") or {}).get("next")
            url = f"{self.config.base_url}{nxt}" if nxt else None
        return ids

    def headers(self, message_id: str) -> dict[str, str]:
        """The `mex-*` headers of an inbox message (lower-case names), without its content."""
        deadline = self.policy.deadline(self.config.deadline)
        what = f"MESH headers of {message_id}"
        url = f"{self._mailbox_url}/inbox/{quote(message_id)}"
        resp = self._ok(self._request("HEAD", url, what=what, deadline=deadline), what, 200)
        return {k.lower(): v for k, v in resp.headers.items() if k.lower().startswith("mex-")}

    def download(self, message_id: str) -> bytes:
        """Download a whole message into memory (use `download_to` for big ones)."""
        with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as sink:
            self._download(message_id, sink)
            sink.seek(0)
            return sink.read()

    def download_to(self, message_id: str, path: str | os.PathLike[str]) -> int:
        """Stream a message to `path` (atomically: temp file, then rename).

        Returns:
            The number of bytes written.
        """
        target = Path(path)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "w+b") as sink:
                size = self._download(message_id, sink)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return size

    def _download(self, message_id: str, sink: IO[bytes]) -> int:
        deadline = self.policy.deadline(self.config.deadline)
        number, total = 1, 1
        while number <= total:
            suffix = "" if number == 1 else f"/{number}"
            url = f"{self._mailbox_url}/inbox/{quote(message_id)}{suffix}"
            what = f"MESH download chunk {number} of {message_id}"
            start = sink.tell()
            while True:
                resp = self._ok(
                    self._request("GET", url, what=what, deadline=deadline, stream=True),
                    what, 200, 206,
                )  # fmt: skip
                try:
                    with resp:
                        # iter_content undoes the chunk's own Content-Encoding: gzip.
                        for block in resp.iter_content(_COPY_BLOCK):
                            sink.write(block)
                    break
                except (requests.ConnectionError, requests.Timeout) as exc:
                    log.warning("%s: %s mid-stream, retrying", what, type(exc).__name__)
                    sink.seek(start)
                    sink.truncate()
                    deadline.wait(self.policy.backoff(1), what)
            if number == 1:
                total = int(resp.headers.get("Mex-Chunk-Range", "1:1").split(":")[1])
            number += 1
        return sink.tell()

    def acknowledge(self, message_id: str) -> None:
        """Acknowledge a message: MESH removes it from our inbox."""
        deadline = self.policy.deadline(self.config.deadline)
        what = f"MESH acknowledge {message_id}"
        url = f"{self._mailbox_url}/inbox/{quote(message_id)}/status/acknowledged"
        self._ok(self._request("PUT", url, what=what, deadline=deadline), what, 200)

    def track(
        self, *, message_id: str | None = None, local_id: str | None = None
    ) -> TrackingInfo | None:
        """Ask MESH about a message we sent, by its message ID or our local ID.

        Returns:
            The tracking information, or `None` when MESH has no such message.

        Raises:
            ValueError: Neither or both of `message_id` and `local_id` given.
            MeshError: MESH has several messages with that local ID (HTTP 300), or failed.
        """
        if (message_id is None) == (local_id is None):
            raise ValueError("track() needs exactly one of message_id or local_id")
        deadline = self.policy.deadline(self.config.deadline)
        if message_id is not None:
            what = f"MESH track message {message_id}"
            url = f"{self._mailbox_url}/outbox/tracking"
            resp = self._request(
                "GET", url, what=what, deadline=deadline, params={"messageID": message_id}
            )
        else:
            # The v1 path form: mesh-sandbox (and MESH's v1 API) track by local ID here.
            what = f"MESH track local id {local_id}"
            url = f"{self._mailbox_url}/outbox/tracking/{quote(str(local_id))}"
            resp = self._request("GET", url, what=what, deadline=deadline)
        if resp.status_code == 404:
            return None
        if resp.status_code == 300:
            raise MeshError(f"{what}: more than one message has this local id", status=300)
        return TrackingInfo.from_json(self._ok(resp, what, 200).json())


@contextmanager
def _opened(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[IO[bytes]]:
    """A seekable binary stream over `source`, spooling non-seekable streams to disk."""
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open("rb") as fh:
            yield fh
        return
    if source.seekable():
        yield source
        return
    with tempfile.TemporaryFile() as spool:
        while block := source.read(_COPY_BLOCK):
            spool.write(block)
        spool.seek(0)
        yield spool
