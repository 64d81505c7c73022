"""Read a web page with the standard library's `html.parser`: its title, links and visible text.

Only what a visitor could see or click is kept: text inside `script`, `style`,
`template` and `noscript` is dropped, and a link's text includes the `alt`
text of images inside it, its `title` and its `aria-label` (screen readers
announce those). Nothing found here is trusted: it is quoted in reports only
after escaping, and no link is ever followed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import attrs

__all__ = ["Link", "Page", "parse_page", "practice_name", "snippet"]

_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg"})
_BLOCKS = frozenset(
    {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
     "article", "header", "footer", "nav", "main", "aside", "ul", "ol", "table", "blockquote",
     "dd", "dt", "form", "hr", "title"}
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_MAX_LINKS = 5000  # a page with more links than this is not a practice home page
_MAX_SNIPPET = 200
_MAX_NAME = 120
# Title parts such as "Home | Riverside Surgery": split on a separator with spaces around it.
_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014:\u00b7\u2022-]+\s+")
_PRACTICE_WORDS = re.compile(
    r"\b(?:surgery|practice|medical|health cent(?:re|er)|clinic|doctors|partnership|"
    r"gps?|family|healthcare|partners)\b",
    re.IGNORECASE,
)
_GENERIC_PART = re.compile(
    r"(?:home(?: ?page)?|welcome|index|main|nhs|default|untitled(?: document)?)", re.IGNORECASE
)
_WELCOME = re.compile(r"^(?:welcome to|home of)\s+", re.IGNORECASE)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub("", text.translate(_QUOTES))).strip()


def snippet(text: str, limit: int = _MAX_SNIPPET) -> str:
    """Collapse whitespace, drop control characters and cut to `limit` characters."""
    cleaned = _clean(text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "\u2026"


@attrs.frozen(kw_only=True)
class Link:
    """One link on the page.

    Attributes:
        href: The address as written in the page.
        url: The address resolved against the page's own address (or its `<base>`).
        text: What a visitor reads or hears for the link, whitespace collapsed.
    """

    href: str
    url: str
    text: str

    @property
    def host(self) -> str:
        """The link's host name, lower case; empty for `mailto:`, `javascript:` and the like."""
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https"):
            return ""
        return (parts.hostname or "").rstrip(".")


@attrs.frozen(kw_only=True)
class Page:
    """What the parser kept of a page.

    Attributes:
        title: The `<title>`, whitespace collapsed.
        links: Every `<a href>`, `<area href>` and `<iframe src>`, in page order.
        blocks: Visible text, one entry per block (paragraph, list item, cell...).
    """

    title: str
    links: tuple[Link, ...]
    blocks: tuple[str, ...]


class _Parser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.title_parts: list[str] = []
        self.links: list[Link] = []
        self.blocks: list[str] = []
        self._block: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._base_set = False
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs_}
        if tag == "title" and not self._skip_depth:
            self._in_title = True
            return
        if tag == "base" and "href" in found and not self._base_set:
            # Only the first <base> counts, as in browsers.
            self._base_set = True
            self.base_url = urljoin(self.base_url, found["href"].strip())
        if tag in _SKIPPED:
            self._skip_depth += 1
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("a", "area") and "href" in found:
            self._end_link()
            extra = [found.get("aria-label", ""), found.get("title", ""), found.get("alt", "")]
            self._link = (found["href"], [e for e in extra if e])
            if tag == "area":
                self._end_link()
        elif tag == "iframe" and found.get("src"):
            # A tool embedded in the page is as good as a link to it.
            self._end_link()
            self._link = (found["src"], [found.get("title") or "(embedded frame)"])
            self._end_link()
        elif tag == "img" and self._link is not None and found.get("alt"):
            self._link[1].append(found["alt"])

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs_)
        if tag in _SKIPPED:
            self._skip_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "a":
            self._end_link()
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip_depth:
            return
        self._block.append(data)
        if self._link is not None:
            self._link[1].append(data)

    def feed_page(self, text: str) -> None:
        self.feed(text)
        self.close()
        self._end_link()
        self._flush()

    def _end_link(self) -> None:
        if self._link is None:
            return
        href, parts = self._link
        self._link = None
        if len(self.links) >= _MAX_LINKS:
            return
        href = _CONTROL.sub("", href).strip()
        try:
            url = urljoin(self.base_url, href)
        except ValueError:  # e.g. a malformed IPv6 literal: keep it, it matches nothing
            url = href
        self.links.append(Link(href=href, url=url, text=snippet(" ".join(parts))))

    def _flush(self) -> None:
        block = _clean("".join(self._block))
        self._block = []
        if block:
            self.blocks.append(block)


def parse_page(html: str, base_url: str) -> Page:
    """Parse a page's HTML; never raises on bad markup (the parser is forgiving).

    Args:
        html: The page's text.
        base_url: The address the page was read from, to resolve relative links.

    Returns:
        Its title, links and visible text.
    """
    parser = _Parser(base_url)
    parser.feed_page(html)
    return Page(
        title=snippet("".join(parser.title_parts)),
        links=tuple(parser.links),
        blocks=tuple(parser.blocks),
    )


def practice_name(title: str, url: str) -> str:
    """The practice's name for a report's heading: from the page title, else the site's host.

    The title's parts (split on " | ", " - " and the like) are tried in turn: the first
    that reads like a practice ("Surgery", "Medical Centre", "Practice"...) wins, else
    the first that is not a generic word ("Home", "Welcome"). A leading "Welcome to"
    is dropped. With no usable title, the host name without `www.` is used.

    >>> practice_name("Home | Riverside Surgery", "https://www.riverside.example/")
    'Riverside Surgery'
    >>> practice_name("", "https://www.riverside.example/home")
    'riverside.example'
    """
    parts = [_WELCOME.sub("", p).strip() for p in _TITLE_PARTS.split(_clean(title))]
    useful = [p for p in parts if p and not _GENERIC_PART.fullmatch(p)]
    named = [p for p in useful if _PRACTICE_WORDS.search(p)]
    if named or useful:
        return snippet((named or useful)[0], _MAX_NAME)
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        host = ""
    host = host.removeprefix("www.")
    return snippet(host, _MAX_NAME) or "your practice"
