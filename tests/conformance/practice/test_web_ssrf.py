"""The hosted page reads only the public internet: each refusal, before connecting and on redirects.

Without `--allow-private-addresses` the page refuses loopback, private, link-local,
multicast, reserved, unspecified and cloud metadata addresses, IPv4 and IPv6 (v4-mapped
too), whether typed, resolved from a name, or reached by a redirect. The loopback
practice sites these tests use stand in for the public internet by an exemption of
their exact address and port, which no command-line option can set.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
import requests

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import Timeouts, check_practice
from gponline_sdk.conformance.practice.web.netguard import (
    AddressRefused,
    check_url,
    guarded_session,
    refusal,
)
from gponline_sdk.conformance.practice.web.settings import WebSettings

from ._web import csrf, follow, serve

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("169.254.169.254", "cloud metadata"),
    ("fd00:ec2::254", "cloud metadata"),
    ("100.100.100.200", "cloud metadata"),
    ("100.64.0.1", "not a public"),  # carrier-grade NAT
    ("::ffff:127.0.0.1", "loopback"),  # v4-mapped IPv6
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "cloud metadata"),
    ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 around 10.0.0.1
]


@pytest.mark.parametrize(("address", "why"), REFUSED)
def test_each_kind_of_address_is_refused_with_its_reason(address: str, why: str) -> None:
    reason = refusal(ipaddress.ip_address(address))
    assert reason is not None
    assert why in reason


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_a_name_is_refused_if_any_of_its_addresses_is_refused() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["8.8.8.8", "10.0.0.7"]

    with pytest.raises(AddressRefused, match=r"evil\.test resolves to 10\.0\.0\.7, a private"):
        check_url("https://evil.test/", resolve=resolve)


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


@pytest.fixture(scope="module")
def guarded() -> Iterator[str]:
    with serve(WebSettings(at=MONDAY_10, burst=1000)) as base:
        yield base


def _post(base: str, **fields: str) -> requests.Response:
    http = requests.Session()
    token = csrf(http, base)
    return http.post(
        base + "/check", data={"csrf": token, **fields}, allow_redirects=False, timeout=10
    )


@pytest.mark.parametrize(("address", "why"), REFUSED)
def test_the_page_refuses_a_typed_address_before_connecting(
    guarded: str, address: str, why: str
) -> None:
    answer = _post(guarded, website=f"http://{_host(address)}:9/")
    assert answer.status_code == 400
    assert 'id="website-error">Error: We cannot check this address' in answer.text
    assert why in answer.text


def test_a_loopback_site_is_refused_and_never_contacted(guarded: str) -> None:
    with Site() as site:
        site.page("/", practice_page(site.url("/tool")))
        for field in ("website", "tool"):
            fields = {"website": "https://www.nhs.uk/", field: site.url("/")}
            answer = _post(guarded, **fields)
            assert answer.status_code == 400
            assert f'id="{field}-error">Error: We cannot check this address' in answer.text
        assert site.requests == []


def test_a_name_that_resolves_to_loopback_is_refused(guarded: str) -> None:
    if not socket.getaddrinfo("localhost", 80):
        pytest.skip("no localhost entry")
    answer = _post(guarded, website="http://localhost:9/")
    assert answer.status_code == 400
    assert "localhost resolves to" in answer.text
    assert "loopback" in answer.text


def test_a_redirect_to_a_private_address_is_refused_before_connecting() -> None:
    with Site() as public, Site() as private:
        private.page("/", "<p>the admin page</p>")
        public.redirect("/", private.url("/"))
        session = guarded_session(exempt=[("127.0.0.1", public.port)])
        with pytest.raises(AddressRefused, match="loopback"):
            check_practice(public.url("/"), session=session, at=MONDAY_10)
        assert public.requests == ["/"]
        assert private.requests == []


def test_the_page_refuses_a_redirect_hop_and_says_so() -> None:
    with Site() as public, Site() as private:
        private.page("/", "<p>the admin page</p>")
        public.redirect("/", f"http://[::ffff:127.0.0.1]:{private.port}/")
        public.page("/tool", "<p>Start</p>")
        public.redirect("/tool-moved", private.url("/"))
        settings = WebSettings(at=MONDAY_10, exempt=(("127.0.0.1", public.port),))
        with serve(settings) as base:
            http = requests.Session()
            token = csrf(http, base)
            started = http.post(
                base + "/check", data={"csrf": token, "website": public.url("/")},
                allow_redirects=False, timeout=10,
            )  # fmt: skip
            assert started.status_code == 303
            shown = follow(http, base, started.headers["Location"])
            assert "We could not check your website" in shown
            assert "loopback address" in shown
            # The tool's redirect too, when the website itself is fine.
            public.page("/", practice_page(public.url("/tool-moved")))
            token = csrf(http, base)
            started = http.post(
                base + "/check",
                data={"csrf": token, "website": public.url("/"), "tool": public.url("/tool-moved")},
                allow_redirects=False, timeout=10,
            )  # fmt: skip
            shown = follow(http, base, started.headers["Location"])
            assert "loopback address" in shown
        assert private.requests == []


def test_the_connection_is_pinned_to_the_address_that_was_checked() -> None:
    calls: list[str] = []
    with Site() as site:
        site.page("/", "<p>hello</p>")

        def resolve(host: str, port: int) -> list[str]:
            calls.append(host)
            return ["127.0.0.1"]

        session = guarded_session(resolve=resolve, exempt=[("127.0.0.1", site.port)])
        page = session.get(f"http://practice.test:{site.port}/", timeout=5)
        assert page.text == "<p>hello</p>"
        # One resolution, by the guard; the socket went to what it returned (the name
        # practice.test exists nowhere else), so no second lookup could differ.
        assert calls == ["practice.test"]


def test_proxies_from_the_environment_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.1:3128")
    session = guarded_session()
    assert session.trust_env is False


def test_size_and_redirect_caps_apply_to_the_hosted_page() -> None:
    with Site() as public:
        public.huge("/", 64 * 1024, declare_length=False)
        settings = WebSettings(
            at=MONDAY_10,
            exempt=(("127.0.0.1", public.port),),
            timeouts=Timeouts(max_bytes=16 * 1024),
        )
        with serve(settings) as base:
            http = requests.Session()
            token = csrf(http, base)
            started = http.post(
                base + "/check", data={"csrf": token, "website": public.url("/")},
                allow_redirects=False, timeout=10,
            )  # fmt: skip
            shown = follow(http, base, started.headers["Location"])
    assert "larger than 16,384 bytes" in shown


def test_a_request_body_too_large_is_refused(guarded: str) -> None:
    http = requests.Session()
    token = csrf(http, guarded)
    answer = http.post(
        guarded + "/check", data={"csrf": token, "website": "x" * 70_000}, timeout=10
    )
    assert answer.status_code == 413


def test_the_batch_page_applies_the_same_rules_to_every_row() -> None:
    with Site() as public, Site() as private:
        public.page("/", practice_page(public.url("/tool")))
        private.page("/", practice_page(private.url("/tool")))
        text = (
            "ods_code,name,website,tool_url\n"
            f"A81001,Public,{public.url('/')},\n"
            f"A81002,Private,{private.url('/')},\n"
        )
        settings = WebSettings(at=MONDAY_10, exempt=(("127.0.0.1", public.port),))
        with serve(settings) as base:
            http = requests.Session()
            token = csrf(http, base, "/batch")
            started = http.post(
                base + "/batch", data={"csrf": token},
                files={"practices": ("p.csv", text.encode(), "text/csv")},
                allow_redirects=False, timeout=10,
            )  # fmt: skip
            shown = follow(http, base, started.headers["Location"])
        assert shown.count("<tr><td>") == 2
        assert "Not checked" in shown
        assert "loopback address" in shown
        assert private.requests == []
        assert "/" in public.requests
