"""The runner: statuses, masking before storing, early stop, selection, seeds, roll-up."""

from __future__ import annotations

import json

import attrs
import pytest
from _engine_fakes import (
    CANARY_NAME,
    NHS,
    TOKEN,
    FakeTarget,
    fixed_clock,
    make_check,
    mini_catalogue,
    passing,
)

from gponline_sdk.conformance.core import (
    CheckContext,
    CheckFailed,
    CheckOmitted,
    CheckSkipped,
    Exchange,
    Level,
    Status,
)
from gponline_sdk.conformance.masking import MASK, Masker
from gponline_sdk.conformance.results import Verdict
from gponline_sdk.conformance.runner import (
    DEFAULT_SEED,
    NOT_RUN_MESSAGE,
    run_checks,
    select_checks,
)
from gponline_sdk.errors import ConfigError

CAT = mini_catalogue()


def _fail(ctx: CheckContext) -> None:
    ctx.target.call("x")
    ctx.expect(False, "the tool said no")


def _skip(ctx: CheckContext) -> None:
    raise CheckSkipped("feature not declared")


def _omit(ctx: CheckContext) -> None:
    raise CheckOmitted("does not apply")


def _crash(ctx: CheckContext) -> None:
    raise KeyError("boom")


def _run(checks, target=None, **kw):  # type: ignore[no-untyped-def]
    return run_checks(
        checks,
        target=target if target is not None else FakeTarget(),
        catalogue=CAT,
        target_description="fake",
        clock=fixed_clock(),
        **kw,
    )


def test_each_way_a_check_ends_maps_to_a_status() -> None:
    run = _run(
        [
            make_check("a.pass", ["TS-MUST-01"], passing),
            make_check("a.fail-must", ["TS-MUST-02"], _fail),
            make_check("a.fail-should", ["TS-SHLD-01"], _fail),
            make_check("a.skip", ["TS-MAY-01"], _skip),
            make_check("a.omit", ["TS-MAY-01"], _omit),
            make_check("a.crash", ["TS-SHLD-01"], _crash),
        ]
    )
    by_id = {r.check_id: r for r in run.results}
    assert {k: v.status for k, v in by_id.items()} == {
        "a.pass": Status.PASS,
        "a.fail-must": Status.FAIL,
        "a.fail-should": Status.WARN,
        "a.skip": Status.SKIP,
        "a.omit": Status.OMIT,
        "a.crash": Status.ERROR,
    }
    assert by_id["a.fail-must"].message == "the tool said no"
    assert by_id["a.crash"].message == "KeyError: 'boom'"
    assert "Traceback" not in json.dumps([r.message for r in run.results])
    assert all(r.duration_s >= 0 for r in run.results)
    assert len(by_id["a.pass"].evidence) == 1
    assert run.verdict is Verdict.NOT_CONFORMANT
    assert [o.requirement.id for o in run.failing_musts] == ["TS-MUST-02"]


def test_checks_run_by_their_registration_position_not_the_order_given() -> None:
    checks = [
        attrs.evolve(make_check(f"alpha.{n}", ["TS-MUST-01"], passing), position=n)
        for n in (3, 1, 2)
    ]
    result = _run(checks)
    assert [r.check_id for r in result.results] == ["alpha.1", "alpha.2", "alpha.3"]
    assert [c.id for c in select_checks(CAT, checks)] == ["alpha.1", "alpha.2", "alpha.3"]


def test_roll_up_per_requirement() -> None:
    run = _run(
        [
            make_check("b.1", ["TS-MUST-01", "TS-SHLD-01"], passing),
            make_check("b.2", ["TS-MUST-01"], _skip),
            make_check("b.3", ["TS-SHLD-01"], _fail),
        ]
    )
    status = {o.requirement.id: o.status for o in run.requirements}
    # SKIP outranks PASS; a failed check is a WARN for a SHOULD.
    assert status["TS-MUST-01"] is Status.SKIP
    assert status["TS-SHLD-01"] is Status.WARN
    assert status["TS-MUST-02"] is None
    notes = {o.requirement.id: o.note for o in run.requirements}
    assert notes["TS-ATT-01"].startswith("answered by the practice")
    assert notes["TS-MUST-02"] == "no check covers this requirement"
    # A SHOULD warning alone does not make the tool non-conformant.
    assert run.verdict is Verdict.CONFORMANT


def test_a_check_with_a_must_among_its_requirements_fails_not_warns() -> None:
    run = _run([make_check("c.1", ["TS-SHLD-01", "TS-MUST-01"], _fail)])
    assert run.results[0].status is Status.FAIL
    status = {o.requirement.id: o.status for o in run.requirements}
    assert status == {**status, "TS-SHLD-01": Status.WARN, "TS-MUST-01": Status.FAIL}


def test_unreachable_target_stops_the_run_and_marks_the_rest() -> None:
    target = FakeTarget(down_after=1)
    run = _run(
        [
            make_check("d.1", ["TS-MUST-01"], passing),
            make_check("d.2", ["TS-MUST-02"], passing),
            make_check("d.3", ["TS-SHLD-01"], passing),
        ],
        target=target,
    )
    assert target.calls == 2  # d.3 was never called
    assert [r.status for r in run.results] == [Status.PASS, Status.ERROR, Status.ERROR]
    assert run.results[1].message.startswith("target unreachable: could not connect")
    assert run.results[2].message == NOT_RUN_MESSAGE
    assert run.unreachable == run.results[1].message
    assert run.verdict is Verdict.UNREACHABLE


def _leaky(ctx: CheckContext) -> None:
    body = json.dumps(
        {"patient": {"given_name": CANARY_NAME, "nhs_number": NHS}, "category": "ask_question"}
    )
    ctx.target.call(f"requests?token={TOKEN}", body=body, response=f'{{"echo": "{CANARY_NAME}"}}')
    ctx.record(
        Exchange(
            method="GET",
            url="http://127.0.0.1/p",
            response_body="call 07700 900123 or mail jo@example.org, NHS 943 476 5919",
        )
    )
    ctx.note(f"saw {CANARY_NAME}")
    raise CheckFailed(f"the practice saw {CANARY_NAME} with {NHS}")


def test_evidence_is_masked_before_it_is_stored() -> None:
    run = _run([make_check("e.1", ["TS-MUST-01"], _leaky)], masker=Masker([TOKEN]))
    stored = json.dumps(
        [
            [e.url, e.request_headers, e.request_body, e.response_body]
            for r in run.results
            for e in r.evidence
        ]
        + [r.message for r in run.results]
        + [n for r in run.results for n in r.notes]
    )
    for secret in (TOKEN, CANARY_NAME, NHS, "943 476 5919", "07700 900123", "jo@example.org"):
        assert secret not in stored
    assert run.results[0].message == f"the practice saw {MASK} with {MASK}"
    first = run.results[0].evidence[0]
    assert first.request_headers["Authorization"] == MASK
    assert '"category": "ask_question"' in (first.request_body or "")  # not an identifier


def test_values_learned_later_are_masked_in_earlier_results() -> None:
    def early(ctx: CheckContext) -> None:
        ctx.note(f"looked for {CANARY_NAME}")

    def late(ctx: CheckContext) -> None:
        ctx.target.call("r", body=json.dumps({"family_name": CANARY_NAME}))

    run = _run([make_check("f.1", ["TS-MUST-01"], early), make_check("f.2", ["TS-MUST-02"], late)])
    assert run.results[0].notes == (f"looked for {MASK}",)


def test_context_sensitive_registers_made_up_values() -> None:
    def check(ctx: CheckContext) -> None:
        ctx.sensitive("free text canary QWERTY")  # type: ignore[attr-defined]
        raise CheckFailed("saw free text canary QWERTY in usage data")

    run = _run([make_check("g.1", ["TS-MUST-01"], check)])
    assert run.results[0].message == f"saw {MASK} in usage data"


def test_target_hook_points_at_the_running_check_and_is_restored() -> None:
    target = FakeTarget()
    sentinel = object()
    target.on_exchange = sentinel  # type: ignore[assignment]
    run = _run(
        [make_check("h.1", ["TS-MUST-01"], passing), make_check("h.2", ["TS-MUST-02"], passing)],
        target=target,
    )
    assert [len(r.evidence) for r in run.results] == [1, 1]
    assert target.on_exchange is sentinel


def test_seed_is_given_to_checks_and_rng_does_not_depend_on_selection() -> None:
    seen: dict[str, list[object]] = {}

    def draw(ctx: CheckContext) -> None:
        seen.setdefault("x", []).append((ctx.seed, ctx.rng.random()))  # type: ignore[attr-defined]

    both = [make_check("i.0", ["TS-MUST-01"], passing), make_check("i.1", ["TS-MUST-01"], draw)]
    _run(both, seed=7)
    _run(both[1:], seed=7)
    _run(both[1:], seed=8)
    a, b, c = seen["x"]
    assert a == b
    assert a != c
    assert _run(both[1:]).seed == DEFAULT_SEED


def test_select_by_check_id_requirement_id_group_and_level() -> None:
    pool = [
        make_check("s.1", ["TS-MUST-01"], passing, group="alpha"),
        make_check("s.2", ["TS-MUST-02"], passing, group="x-own-group"),
        make_check("s.3", ["TS-SHLD-01"], passing, group="alpha"),
        make_check("s.4", ["TS-MAY-01"], passing, group="alpha"),
    ]

    def ids(**kw: object) -> list[str]:
        return [c.id for c in select_checks(CAT, pool, **kw)]  # type: ignore[arg-type]

    assert ids() == ["s.1", "s.2", "s.3", "s.4"]
    assert ids(only=["s.3"]) == ["s.3"]
    assert ids(only=["TS-MUST-02", "s.1"]) == ["s.1", "s.2"]
    assert ids(groups=["x-own-group"]) == ["s.2"]
    assert ids(groups=["beta"]) == ["s.2"]  # TS-MUST-02 is in the catalogue's group beta
    assert ids(levels=[Level.MUST]) == ["s.1", "s.2"]
    assert ids(levels=[Level.MUST], groups=["alpha"]) == ["s.1"]


def test_select_refuses_unknown_ids_and_groups() -> None:
    pool = [make_check("s.1", ["TS-MUST-01"], passing)]
    with pytest.raises(ConfigError, match=r"--only: unknown check or requirement ID.*NOPE-01"):
        select_checks(CAT, pool, only=["NOPE-01"])
    with pytest.raises(ConfigError, match="--group: unknown group"):
        select_checks(CAT, pool, groups=["gamma"])


def test_partial_run_says_so() -> None:
    run = _run([make_check("p.1", ["TS-MUST-01"], passing)], selection=["--only p.1"])
    assert run.partial
    notes = {o.requirement.id: o.note for o in run.requirements}
    assert notes["TS-MUST-02"] == "not selected in this run"


def test_credentials_in_the_target_url_are_masked() -> None:
    run = _run([make_check("u.1", ["TS-MUST-01"], passing)], target=FakeTarget())
    assert run.target == "fake"
    masked = run_checks(
        [],
        target=FakeTarget(),
        catalogue=CAT,
        target_description="https://vendor:hunter2-pass@tool.example/api?api_key=k-123",
        clock=fixed_clock(),
    ).target
    assert masked == f"https://{MASK}@tool.example/api?api_key={MASK}"
