"""A tiny website on 127.0.0.1 for the practice tests: pages, redirects, bad servers.

Shared by the practice check's tests, the web application's, the batch's and the browser's.

Started on a free port chosen by the OS, served from a thread, shut down (and any
handler still waiting released) when the `with` block ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

Handler = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Programmable routes by path; unknown paths answer 404."""

    def __init__(self, *, tls: tuple[Path, Path] | None = None) -> None:
        self.routes: dict[str, Handler] = {}
        self.release = threading.Event()
        self.requests: list[str] = []
        site = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                site.requests.append(path)
                route = site.routes.get(path)
                if route is None:
                    _send(self, 404, b"<p>not here</p>")
                else:
                    # The client may give up mid-answer, as the check is meant to.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def page(
        self, path: str, body: str | bytes, *, status: int = 200, content_type: str = "text/html"
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda h: _send(h, status, data, content_type)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        def handler(h: BaseHTTPRequestHandler) -> None:
            h.send_response(status)
            h.send_header("Location", location)
            h.send_header("Content-Length", "0")
            h.end_headers()

        self.routes[path] = handler

    def slow(self, path: str) -> None:
        """Accept the request, then say nothing until the site is shut down."""

        def handler(h: BaseHTTPRequestHandler) -> None:
            self.release.wait(60)
            _send(h, 200, b"<p>too late</p>")

        self.routes[path] = handler

    def drip(self, path: str) -> None:
        """Answer at once, then send a few bytes at a time, for ever (until shut down)."""

        def handler(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            while not self.release.wait(0.05):
                h.wfile.write(b"<p>x</p>")
                h.wfile.flush()

        self.routes[path] = handler

    def huge(self, path: str, size: int, *, declare_length: bool) -> None:
        """Send `size` bytes of HTML, with or without a Content-Length header."""

        def handler(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            if declare_length:
                h.send_header("Content-Length", str(size))
            h.end_headers()
            block = b"<p>" + b"a" * 1017 + b"</p>\n"
            sent = 0
            while sent < size:
                h.wfile.write(block)
                sent += len(block)

        self.routes[path] = handler


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate and key for 127.0.0.1, trusted by nobody."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _send(
    h: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str = "text/html"
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", f"{content_type}; charset=utf-8")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


GOOD_PAGE = """<!DOCTYPE html>
<html><head><title>Riverside Surgery</title></head><body>
<nav><a href="/">Home</a> <a href="{tool}">Contact us online</a></nav>
<p>{safeguard}</p>
<p>{response}</p>
<p>Not sure what to do? {nhs111}</p>
<footer>{charter}</footer>
</body></html>
"""
SAFEGUARD = (
    "Do not use the online form for urgent problems. If you need help urgently, call the "
    "practice, or call 999 in an emergency."
)
RESPONSE = "We will respond to your request by the end of the next working day."
NHS111 = '<a href="https://111.nhs.uk/">Check your symptoms with NHS 111 online</a>'
CHARTER = (
    '<a href="https://www.england.nhs.uk/you-and-your-general-practice/">'
    "\u2018You and your general practice\u2019: what to expect from us</a>"
)


def practice_page(
    tool: str, *, link: bool = True, nhs111: bool = True, safeguard: bool = True,
    response: bool = True, charter: bool = True,
) -> str:  # fmt: skip
    """The good practice page, with any element left out."""
    return GOOD_PAGE.format(
        tool=tool if link else "/about",
        safeguard=SAFEGUARD if safeguard else "Book appointments and order repeat prescriptions.",
        response=RESPONSE if response else "Our opening hours are on the contact page.",
        nhs111=NHS111 if nhs111 else "Ask at reception.",
        charter=CHARTER if charter else "Riverside Surgery, 1 River Road.",
    )
