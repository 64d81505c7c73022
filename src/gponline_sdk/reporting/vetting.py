"""Free text on its way to a national file: only declared product names pass.

The one free-text value the anonymiser copies into a national file is an
installation's `product_name` (`OcPractice`/`VcPractice`). Whatever a supplier's
export holds in that column goes out, so it must not be able to hold a
patient's name or date of birth typed in the wrong place. Two ways to vet it:

- A declared catalogue (recommended): `[supplier] products = ["Acme Consult",
  "Acme Video"]` in the settings file, or `--products FILE` (one name a line,
  `#` comments). A product name that is not exactly one of them is refused.
  This is the only way to stop a bare name (`Jo Bloggs`): no pattern can tell
  a person's name from a product's.
- Without one, a strict pattern: 1 to 60 of ASCII letters, digits, space and
  `. + -`, starting with a letter or digit; no date (`12.03.1957`,
  `1957-03-12`, `12 March 1957`), no run of six or more digits, no title or
  date-of-birth word (`Mr`, `Mrs`, `Ms`, `Miss`, `Mx`, `DOB`, `born`), and
  nothing the identifier scanner would refuse.

Declared names are held to the same pattern when loaded, so a catalogue cannot
itself carry an identifier. A refusal names the column and where (the
practice's ODS code, a file's line) but never the value.

Incident summaries do not pass through here: they are built by the supplier's
own code, not read from an export, and the identifier scanner checks them
(and product names again) for identifiers, dates of birth and titled names
before any file is written (`gponline_sdk.reporting.scanner`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from gponline_sdk.errors import ConfigError, PrivacyError, ValidationError
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.reporting.scanner import find_identifiers, free_text_problem

__all__ = [
    "MAX_PRODUCT_NAME",
    "PRODUCT_NAME_PATTERN",
    "ProductCatalogue",
    "catalogue_setting",
    "product_name_problem",
    "supplier_id_setting",
]

MAX_PRODUCT_NAME = 60
PRODUCT_NAME_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9 .+-]{{0,{MAX_PRODUCT_NAME - 1}}}")
"""What a product name may be when no catalogue is declared."""

_LONG_NUMBER = re.compile(r"[0-9]{6}")


def product_name_problem(value: str) -> str | None:
    """Why `value` cannot be a product name under the strict pattern, or None.

    The reason never holds the value.

    >>> product_name_problem("Acme Consult 2") is None
    True
    >>> product_name_problem("Jo Bloggs 12.03.1957")
    'holds a date'
    """
    if not isinstance(value, str) or PRODUCT_NAME_PATTERN.fullmatch(value) is None:
        return (
            f"is not 1-{MAX_PRODUCT_NAME} of letters, digits, space and . + -"
            " starting with a letter or digit"
        )
    if _LONG_NUMBER.search(value):
        return "holds a run of six or more digits"
    problem = free_text_problem(value, dates_before=None)
    if problem is not None:
        return problem
    kinds = find_identifiers(value)
    if kinds:
        return f"looks like it holds a {kinds[0].value}"
    return None


class ProductCatalogue:
    """The product names a supplier declared; `check` refuses any other.

    Args:
        names: The declared names. Empty means no catalogue: the strict
            pattern (`product_name_problem`) is applied instead.
        source: Where the names came from, for errors (`[supplier] products`).

    Raises:
        ConfigError: if a declared name fails the strict pattern (named by
            its position, never by its text).
    """

    __slots__ = ("_names", "source")

    def __init__(self, names: Iterable[str] = (), *, source: str = "the product list") -> None:
        self.source = source
        declared: set[str] = set()
        for index, name in enumerate(names, start=1):
            problem = product_name_problem(name) if isinstance(name, str) else "is not text"
            if problem is not None:
                raise ConfigError(f"{source}: product name {index} {problem} (not shown)")
            declared.add(name)
        self._names = frozenset(declared)

    @classmethod
    def from_file(cls, path: str | Path) -> ProductCatalogue:
        """Read declared names, one a line; blank lines and `#` comments are skipped.

        Raises:
            ConfigError: if the file cannot be read, is empty, or a line fails
                the pattern (named by its line number).
        """
        target = Path(path)
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise ConfigError(f"--products {target}: cannot read it ({reason})") from None
        names: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            name = line.strip()
            if not name or name.startswith("#"):
                continue
            problem = product_name_problem(name)
            if problem is not None:
                raise ConfigError(
                    f"--products {target}, line {number}: the product name {problem} (not shown)"
                )
            names.append(name)
        if not names:
            raise ConfigError(f"--products {target}: declares no product name")
        return cls(names, source=f"--products {target}")

    @property
    def declared(self) -> bool:
        """True when names were declared (not the strict pattern alone)."""
        return bool(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"ProductCatalogue({len(self._names)} names, source={self.source!r})"

    def check(self, value: str, *, column: str = "product_name", where: str = "") -> str:
        """Return `value` if it may go into a national file; refuse it otherwise.

        Raises:
            PrivacyError: naming `column` and `where`, never the value.
        """
        at = f"{where}: " if where else ""
        if self._names:
            if value not in self._names:
                raise PrivacyError(
                    f"{at}{column} is not one of the {len(self._names)} product name(s) declared"
                    f" in {self.source}; value withheld. Correct the column or declare the name"
                )
            return value
        problem = product_name_problem(value)
        if problem is not None:
            raise PrivacyError(
                f"{at}{column} {problem}; value withheld. A product name may hold only letters,"
                " digits, space and . + -; declare your names with `[supplier] products` or"
                " --products"
            )
        return value


def supplier_id_setting(value: object, *, source: str) -> str | None:
    """A configured supplier ID, validated and scanned before any use; None if unset.

    Raises:
        ConfigError: naming `source`, never the value (it may be shaped like
            an NHS number: `SupplierId` refuses those).
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{source}: the supplier ID must be text")
    try:
        return SupplierId(value)
    except ValidationError as exc:
        reason = "; ".join(p.message for p in exc.problems)
        raise ConfigError(f"{source}: {reason}") from None


def catalogue_setting(
    products_file: str | Path | None, declared: object, *, config: str | Path | None
) -> ProductCatalogue:
    """The product catalogue from `--products FILE` or `[supplier] products`, else the pattern.

    Raises:
        ConfigError: if the file or the list is unusable (named by line or position).
    """
    if products_file is not None:
        return ProductCatalogue.from_file(products_file)
    if declared is None:
        return ProductCatalogue()
    source = f"{config}: [supplier] products"
    if not isinstance(declared, list) or not declared:
        raise ConfigError(f"{source} must be a non-empty list of product names")
    return ProductCatalogue(declared, source=source)
