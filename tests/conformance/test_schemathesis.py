"""An outside check of the contract: schemathesis fuzzes the reference tool from the OpenAPI file.

Bounded: a few examples per operation and a hard cap on the cases of the
whole module. Checks: no 5xx, every status code documented, the documented
content type, and every response body valid against its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gponline_sdk.reference.tool import serve_in_thread

CONTRACT = Path(__file__).parents[2] / "conformance" / "tool-contract.openapi.json"
MAX_EXAMPLES = 4
# The explicit phase adds schemathesis' edge cases (unsupported methods, missing
# parameters, ...): about 1,070 cases in all with contract 2.0.0. The cap bounds the run's time.
MAX_CASES = 1300
_cases = {"run": 0}

schema = schemathesis.openapi.from_path(CONTRACT)


@pytest.fixture(scope="module")
def tool() -> Iterator[tuple[str, requests.Session]]:
    with serve_in_thread() as url, requests.Session() as session:
        yield url, session


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_reference_tool_honours_its_contract(case: schemathesis.Case, tool) -> None:
    _cases["run"] += 1
    assert _cases["run"] <= MAX_CASES, "the schemathesis run went past its bound"
    url, session = tool
    case.call_and_validate(
        base_url=url,
        session=session,
        timeout=10,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
