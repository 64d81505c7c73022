# ruff: noqa: E501
"""HELD-OUT single-fault variants of the outside tool, written after the suite's authors had
seen `variants.py` (so these measure what the suite was not tuned on).

Each switches on exactly one behaviour in `tool.py` and, read against the published contract
(`conformance/tool-contract.openapi.json` 1.1.0, `conformance/catalogue.json`, `docs/*.md`),
breaks a MUST (the requirement in brackets), except those in HELDOUT_SHOULD_ONLY, which
break only a SHOULD and are controls (a WARN is the right answer, not a failed run).
None is the same defect as one in `variants.VARIANTS` (different mechanism, not just a
different number). Names marked "borderline" in the comment are defects under the contract's
wording, but a reasonable vendor could argue them; the report says which.
"""

from __future__ import annotations

HELDOUT: dict[str, str] = {
    # ---- requests (OC-CAT-01..06, OC-ACCESS-01)
    "hx-follow-up-of-follow-up-refused": "[OC-CAT-04] a follow-up may name only an original request: following up a follow-up gets 400",
    "hx-follow-up-other-patient-refused": "[OC-CAT-04] a follow-up naming another patient's request gets 400 (the contract says not to tie them in TEST)",
    "hx-follows-up-resolved-to-root": "[OC-CAT-04/OC-ACCESS-01] follows_up is stored as the first request of the chain, not the one named",
    "hx-description-crlf-normalised": "[OC-ACCESS-01] CRLF and CR line ends in the description become LF",
    "hx-description-nfc-normalised": "[OC-ACCESS-01] the description is Unicode-NFC-normalised (combining accents composed)",
    "hx-description-astral-dropped": "[OC-ACCESS-01] characters outside the BMP (emoji) are dropped: a utf8mb3 column",
    "hx-description-tags-stripped": "[OC-ACCESS-01] an HTML sanitiser strips anything shaped <...> ('BP <140/90>' loses text)",
    "hx-names-title-cased": "[OC-ACCESS-01] names are title-cased for display (McDonald -> Mcdonald, DE LA CRUZ -> De La Cruz)",
    "hx-dob-day-month-swapped": "[OC-ACCESS-01] dates of birth with day <= 12 are stored with day and month swapped (US locale parse)",
    "hx-request-address-lines-joined": "[OC-ACCESS-01] a request's address lines are joined into one line with ', '",
    "hx-request-preferred-dropped": "[OC-ACCESS-01] the patient's preferred contact method given with a request is lost",
    "hx-description-over-2000-refused": "[OC-CAT-01..06] a description longer than 2,000 characters is refused with 400 (contract allows 10,000)",
    "hx-description-limit-utf8-bytes": "[OC-CAT-01..06] the 10,000 limit is counted in UTF-8 bytes: a valid non-ASCII description is refused",
    "hx-names-non-ascii-refused": "[OC-CAT-01..06/CD-UPD-01] names with letters outside ASCII (Zoë, Siân, Łukasz) are refused with 400",
    # ---- response (OC-ACK-01, AV-RESP-01)
    "hx-respond-by-plus-8-hours": "[AV-RESP-01] respond_by is received_at + 8 hours: requests after 16:00 get tomorrow",
    "hx-ack-message-time-in-utc": "[OC-ACK-01] the message gives the respond-by time in UTC only (an hour early in summer) and no date or 'today'",
    "hx-ack-message-date-us-format": "[OC-ACK-01] the message gives only the date, US style (11/24 for 24 November)",
    "hx-reference-daily-counter": "[OC-ACK-01/OC-ACCESS-01] references are a per-day counter (OC-00001...) that restarts each day: earlier days' requests are overwritten",
    "hx-received-at-truncated-to-minute": "[OC-ACK-01/OC-ACCESS-01] received_at and submitted_at are the tool's now truncated to the minute",
    "hx-practice-submitted-at-wall-time-as-z": "[OC-ACCESS-01] the practice view's submitted_at is UK wall time labelled Z (an hour out in summer)",
    "hx-ack-points-clinical-to-111": "[AV-111-01] in core hours the acknowledgement of clinical requests (only) says to use NHS 111 online instead of waiting",
    # ---- availability (AV-CORE-01, AV-OOH-01, AV-CAP-01, AV-111-01)
    "hx-availability-cached-60s": "[AV-CORE-01/AV-OOH-01] GET /availability is cached for 60 real seconds, whatever the tool's now",
    "hx-submissions-stop-1815": "[AV-CORE-01] availability says open, but POST /requests is refused (409) from 18:15 ('last submissions')",
    "hx-bh-substitute-collision": "[AV-OOH-01] weekend holidays each move to 'the next Monday': Christmas on a Saturday loses the Tuesday substitute (open 28 Dec 2027)",
    "hx-bh-no-new-year-substitute": "[AV-OOH-01] New Year's Day on a weekend gets no substitute (open Mon 3 Jan 2028); Christmas substitutes are right",
    "hx-next-opening-skips-today-before-0800": "[AV-OOH-01] before 08:00 on a working day, next_opening is the next working day, not today 08:00",
    "hx-next-opening-offset-of-now": "[AV-OOH-01] next_opening's wall time is converted with the UTC offset in force now: an hour out across a clock change",
    "hx-duplicate-submission-guard": "[AV-CAP-01] a request with the same patient, category and description as one in the last 10 minutes gets 409 'duplicate'",
    "hx-cap-backlog-500": "[AV-CAP-01] stops taking requests once 500 are waiting untriaged (a backlog cap, not a daily one)",
    "hx-redirect-url-when-busy": "[AV-111-01] after 50 requests in a day, /availability sets redirect_url to NHS 111 in core hours (POST still accepts)",
    "hx-redirect-111-under-5s": "[AV-111-01] in core hours, clinical requests for children under 5 are sent to NHS 111 (409)",
    # ---- safety (its only requirement is a SHOULD; this one breaks AV-111-01 through the safeguard text)
    "hx-safeguard-sends-all-medical-to-111": "[AV-111-01] the 'safeguard' says not to use the form for any medical problem but NHS 111 instead, in core hours too",
    "hx-safeguard-welsh-only": "[SAFE-URG-01, SHOULD] the safeguard is in Welsh only (no 'urgent', 'emergency' or '999'): a control, WARN expected",
    # ---- signposting (SHOULD only)
    "hx-symptom-checker-links-nhs-az": "[SIGN-111-01, SHOULD] the symptom checker link is the NHS A-Z (www.nhs.uk), not 111.nhs.uk: a control, WARN expected",
    # ---- channels (VC-SCHED-01, MSG-IN-01, MSG-OUT-01, CD-UPD-01)
    "hx-video-start-floored-5-min": "[VC-SCHED-01] scheduled_start is floored to a 5-minute slot (10:07:30 -> 10:05:00)",
    "hx-video-refuses-outside-core-hours": "[VC-SCHED-01] sessions starting outside core hours are refused with 400 (contract: any hour of any day)",
    "hx-video-join-window-exclusive-start": "[VC-SCHED-01] joins are allowed only after scheduled_start (> not >=): a join at the start gets 400",
    "hx-video-patient-join-url-http": "[VC-SCHED-01] the patient's join_url is http:// (not https)",
    "hx-video-double-booking-refused": "[VC-SCHED-01] a second session starting at the same instant is refused (409 'slot taken')",
    "hx-thread-ordered-by-reference": "[MSG-IN-01/MSG-OUT-01] a thread's messages are ordered by reference (random), not by sent_at",
    "hx-thread-one-level-deep": "[MSG-IN-01/MSG-OUT-01] a thread lists the first message and direct replies only: replies to replies are missing",
    "hx-message-body-trimmed": "[MSG-IN-01/MSG-OUT-01] message bodies are stored with leading and trailing whitespace stripped",
    "hx-contact-update-email-lowercased": "[CD-UPD-01] the email of an update is lower-cased",
    "hx-contact-update-postcode-reformatted": "[CD-UPD-01] a postcode sent without its space is stored with one (LS14AP -> LS1 4AP)",
    "hx-contact-update-phone-e164": "[CD-UPD-01] phone numbers of updates are rewritten as E.164 (+441134960000)",
    "hx-contact-lookup-by-patient-latest": "[CD-UPD-01] a reference shows the patient's latest details, not the update it names",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    "hx-usage-week-53-refused": "[REP-OC-01/REP-VC-01] week 53 (2026-W53) is refused with 400: the code assumes 52 weeks",
    "hx-usage-iso-year-mismatch": "[REP-OC-01/REP-VC-01] records are matched by (calendar year, ISO week): 1-3 Jan 2027 miss 2026-W53, 29-31 Dec 2025 land in 2025-W01",
    "hx-usage-bank-holiday-requests-omitted": "[REP-OC-01] requests received on bank holidays are left out (export covers working days and weekends only)",
    "hx-usage-week-start-exclusive": "[REP-OC-01/REP-VC-01] the week filter is monday < date <= sunday (off by one): Monday's requests and sessions belong to no week",
    "hx-usage-record-id-random-per-read": "[REP-OC-02] record_id is a fresh random value at every read (not kept in a table)",
    "hx-usage-record-id-base64-reference": "[REP-OC-02] record_id is the base64url encoding of the tool's reference",
    "hx-usage-record-id-hmac-key-is-supplier-id": "[REP-OC-02] record_id is an HMAC keyed with the public supplier ID: anyone can recompute it",
    "hx-usage-vc-one-per-start-instant": "[REP-VC-01] video records are de-duplicated by scheduled_start: parallel sessions count once",
    # ---- robustness (accepting what the schema forbids breaks the operation's MUST)
    "hx-accepts-lowercase-postcode": "[OC-ACCESS-01/CD-UPD-01] a lower-case postcode (schema: capitals) is accepted and upper-cased",
    "hx-video-accepts-float-duration": "[VC-SCHED-01] duration_minutes 30.0 (not an integer) is accepted as 30",
    "hx-accepts-proxy-without-relationship": "[OC-ACCESS-01] a proxy request with no relationship is accepted",
    "hx-accepts-nhs-number-bad-check-digit": "[OC-ACCESS-01/CD-UPD-01] NHS numbers are checked for shape only, not the modulus 11 check digit",
    "hx-accepts-empty-message-body": "[MSG-IN-01/MSG-OUT-01] an empty message body is accepted",
    "hx-accepts-impossible-dob": "[OC-ACCESS-01/CD-UPD-01] a date of birth of the right shape but no real day (1990-02-30) is accepted",
    "hx-video-join-accepts-any-participant": "[VC-SCHED-01] a join with an unknown participant ('clinician', 'guest') is accepted as the professional",
}

HELDOUT_SHOULD_ONLY = frozenset({"hx-safeguard-welsh-only", "hx-symptom-checker-links-nhs-az"})

HELDOUT_INERT = frozenset({"hx-usage-bank-holiday-requests-omitted"})
"""Measured, but no defect in THIS tool: it declares out_of_hours 'closed_with_next_opening',
so it accepts no request on a bank holiday and there is nothing to omit. Left out of the rate."""
