# ruff: noqa: E501
"""THIRD, BLIND set of single-fault variants of the outside tool.

Written by an outside vendor engineer from the published material only (README, docs/*.md,
conformance/catalogue.json, conformance/tool-contract.openapi.json 1.1.0) and the outside
tool with its two earlier variant sets; never the SDK's source, its checks or its self-test
expectations. None is the same mechanism as one in `variants.VARIANTS` or
`variants_heldout.HELDOUT`.

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND3 breaks a MUST as the
published docs state it, except those in BLIND3_SHOULD_ONLY (controls: a WARN is right) and
those in BLIND3_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND3: dict[str, str] = {
    # ---- requests (OC-CAT-01..06, OC-ACCESS-01): 7 of 20 automated MUSTs
    "b3-description-tabs-expanded": "[OC-ACCESS-01] tabs in the description are expanded to spaces (a text column rendered through expandtabs)",
    "b3-description-smart-quotes": "[OC-ACCESS-01] straight quotes and apostrophes in the description are turned into typographic ones ('smart punctuation' filter)",
    "b3-description-nbsp-normalised": "[OC-ACCESS-01] no-break spaces become plain spaces and zero-width characters are removed from the description",
    "b3-names-truncated-35": "[OC-ACCESS-01] given and family names are cut to 35 characters (the PDS field length) when stored",
    "b3-name-apostrophe-refused": "[OC-CAT-01..06] names with an apostrophe (O'Brien, D'Souza) are refused with 400 (an injection filter)",
    "b3-under-16-must-use-proxy": "[OC-CAT-01..06] a patient under 16 filling in the form themselves is refused (400: 'ask a parent to fill it in')",
    "b3-dob-29-february-refused": "[OC-CAT-01..06] a date of birth of 29 February is refused (age computed with dob.replace(year=this year))",
    "b3-nhs-number-stored-digits-only": "[OC-ACCESS-01] an NHS number typed with spaces or dashes is stored as 10 bare digits",
    "b3-attachments-dedup-by-sha256": "[OC-ACCESS-01] attachments with the same sha256 are stored once (content-addressed store)",
    "b3-attachment-size-rounded-kib": "[OC-ACCESS-01] size_bytes is stored in whole KiB (rounded down, times 1024)",
    "b3-attachment-over-5mb-dropped": "[OC-ACCESS-01] attachments over 5 MB (contract allows 20 MiB) silently fail to upload; the request is still 201",
    "b3-follow-up-older-than-14-days-refused": "[OC-CAT-04] a follow-up may name only a request from the last 14 days (400 otherwise)",
    "b3-follow-up-inherits-category": "[OC-CAT-04] a follow-up is filed under the category of the request it follows up",
    "b3-proxy-name-relationship-swapped": "[OC-ACCESS-01] a proxy's name and relationship are stored in each other's field (column mapping bug)",
    "b3-preferred-text-message-as-phone": "[OC-ACCESS-01] preferred contact 'text_message' is stored as 'phone' (a legacy enum without SMS)",
    "b3-email-plus-tag-stripped": "[OC-ACCESS-01] a '+tag' is removed from a request's email address (jo+gp@x -> jo@x, for de-duplication)",
    "b3-clinical-request-needs-nhs-number": "[OC-CAT-05] clinical requests without an NHS number are refused with 400 (for medication look-ups)",
    "b3-admin-request-needs-email": "[OC-CAT-06] administrative requests without an email address are refused with 400 (letters are emailed)",
    "b3-accepts-follows-up-on-other-category": "[OC-ACCESS-01] a non-follow-up request naming follows_up is accepted (schema: follows_up only on follow_up)",
    "b3-accepts-attachment-over-20mib": "[OC-ACCESS-01] attachments up to 50 MiB are accepted (schema maximum 20 MiB)",
    "b3-accepts-phone-any-characters": "[OC-ACCESS-01/CD-UPD-01] a phone number is checked only for 10 to 13 digits anywhere: '0113 496 0000 ext' is accepted",
    "b3-body-latin1-without-charset": "[OC-ACCESS-01] a JSON body whose Content-Type gives no charset is decoded as Latin-1 (mojibake for non-ASCII)",
    "b3-idempotent-replay-same-body": "[OC-ACCESS-01/AV-CAP-01] an identical body within 5 minutes returns the first request's acknowledgement (201, same reference): the second request is lost",
    # ---- response (OC-ACK-01, AV-RESP-01)
    "b3-ack-message-12-hour-clock": "[OC-ACK-01] the acknowledgement says 'by 6.30pm' (12-hour clock, no date, no 'today')",
    "b3-respond-by-without-seconds": "[OC-ACK-01] respond_by is written without seconds (2026-11-24T18:30Z)",
    "b3-received-at-7-digit-fraction": "[OC-ACK-01] received_at carries 7 fractional digits (.NET 'o' format: 10:30:00.0000000Z)",
    "b3-practice-view-eventually-consistent": "[OC-ACK-01/OC-ACCESS-01] the reference finds the request only 1 real second after the acknowledgement (write-behind queue): 404 before",
    "b3-respond-by-tomorrow-after-1800": "[AV-RESP-01] requests after 18:00 (still core hours) get respond_by on the next working day",
    "b3-ack-status-200": "[OC-ACK-01/OC-CAT-01..06] POST /requests answers 200 instead of the contract's 201",
    "b3-clock-runs-after-put": "[OC-ACK-01] PUT /test/clock sets the time but lets it run on in real time (not frozen)",
    # ---- availability (AV-CORE-01, AV-OOH-01, AV-CAP-01, AV-111-01)
    "b3-open-until-1830-59": "[AV-OOH-01] closing compared by minute (<= 18:30): open, and taking requests, from 18:30:00 to 18:30:59",
    "b3-bh-table-typo-august-2026": "[AV-OOH-01/AV-CORE-01] the 2026 holiday table says 25 August (a Tuesday) instead of 31 August",
    "b3-next-opening-while-open": "[AV-CORE-01] /availability gives next_opening (tomorrow 08:00) while open (contract: null while open)",
    "b3-redirect-url-empty-string": "[AV-111-01] redirect_url is '' (empty string) instead of null in core hours",
    "b3-111-for-no-nhs-number": "[AV-111-01] in core hours, clinical requests without an NHS number are sent to NHS 111 (409: 'not registered here')",
    "b3-rate-limit-20-per-real-second": "[AV-CAP-01] a token-bucket rate limiter answers 429 beyond 20 POST /requests per real second",
    "b3-surge-mode-clinical-only": "[AV-CAP-01] after 60 requests in a tool hour, 'surge mode' takes clinical requests only (409 to others)",
    "b3-reference-counter-overflow-255": "[AV-CAP-01] a per-day reference counter kept in one byte: the 256th request of a day gets 500",
    "b3-post-ignores-core-hours": "[AV-OOH-01] POST /requests does not check core hours (only /availability does): 201 at night while declaring closed_with_next_opening",
    "b3-clock-put-offset-ignored": "[AV-CORE-01] PUT /test/clock drops the UTC offset of 'now' and reads it as UTC",
    "b3-closed-next-opening-0830": "[AV-OOH-01] the 409 and /availability give next_opening 08:30 (the phone lines' time) though the form opens at 08:00",
    "b3-admin-closed-after-1700": "[AV-CORE-01] administrative requests are refused (409) after 17:00 when the admin team goes home",
    # ---- channels (VC-SCHED-01, MSG-IN-01, MSG-OUT-01, CD-UPD-01)
    "b3-video-duration-over-120-refused": "[VC-SCHED-01] sessions longer than 120 minutes are refused with 400 (contract: 1 to 240)",
    "b3-video-status-from-clock": "[VC-SCHED-01] a session's status is derived from the clock: 'in_progress' from scheduled_start, before anyone joins",
    "b3-video-waiting-room": "[VC-SCHED-01] the patient may join only after the professional (400 'please wait for your clinician')",
    "b3-video-join-answer-stale-status": "[VC-SCHED-01] the join answer's status is read before the join is recorded: the second join says 'scheduled'",
    "b3-video-min-lead-time-5-min": "[VC-SCHED-01] sessions must be booked at least 5 minutes ahead (400 for a start at now)",
    "b3-video-accepts-start-without-seconds": "[VC-SCHED-01] scheduled_start without seconds (2026-11-24T10:30Z) is accepted (schema: seconds required)",
    "b3-message-links-rewritten": "[MSG-OUT-01] links in practice messages are rewritten through a 'safe links' redirector",
    "b3-message-signature-appended": "[MSG-OUT-01] practice messages get a signature line appended ('-- Sent securely by Acme')",
    "b3-message-patient-one-until-answered": "[MSG-IN-01] a patient cannot send a second message in a thread until the practice has answered (400)",
    "b3-message-practice-limit-50000": "[MSG-OUT-01] the 10,000-character body limit is applied to patients only: practice messages up to 50,000 are accepted",
    "b3-contact-update-merged-with-previous": "[CD-UPD-01] an update is merged with the patient's previous one (PATCH semantics): omitted fields show the old values",
    "b3-contact-update-preferred-defaults-email": "[CD-UPD-01] an update with no preferred method is stored as preferring 'email' when an email is given",
    "b3-contact-update-needs-nhs-number": "[CD-UPD-01] updates without an NHS number are refused with 400 (cannot be matched)",
    "b3-contact-update-address-line-35": "[CD-UPD-01] address lines of an update are cut to 35 characters (PAF line length)",
    "b3-capabilities-no-contact-channel": "[CD-UPD-01] capabilities.channels omits contact_details_update (a separate module, declared elsewhere)",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    "b3-usage-follow-up-inherits-type": "[REP-OC-01] a follow-up's request_type is the type of the request it follows up, not 'other'",
    "b3-usage-submitted-at-rounded-hour": "[REP-OC-01] submitted_at is rounded to the nearest hour 'for anonymity' (23:40 Sunday lands in the next week)",
    "b3-usage-snapshot-cached": "[REP-OC-01/REP-VC-01] the usage answer for a week is computed once and cached (nightly ETL): later activity in that week is missing",
    "b3-usage-small-number-suppression": "[REP-OC-01] record-level data is suppressed for a week with fewer than 5 requests (small-number rule misapplied)",
    "b3-usage-debug-source-ref": "[REP-OC-02] each OC record carries a debug field '_source_ref' with the tool's reference",
    "b3-usage-oc-includes-contact-updates": "[REP-OC-01] contact-details updates are counted as administrative OC records",
    "b3-usage-vc-duration-null": "[REP-VC-01] duration_minutes is null for sessions not yet held (contract: the minutes booked)",
    "b3-usage-vc-start-is-end": "[REP-VC-01] a VC record's scheduled_start is the session's booked end (start + duration)",
    "b3-usage-period-end-exclusive": "[REP-OC-01/REP-VC-01] the header's period end is the next Monday (an exclusive end)",
    # ---- borderline (see BLIND3_BORDERLINE)
    "b3-opens-0745": "[AV-OOH-01] the form opens at 07:45, 15 minutes before core hours, promising a same-day answer",
    "b3-usage-has-attachments-false": "[REP-OC-01] has_attachments is always false (the export does not join the attachments table)",
    "b3-json-bom": "[OC-ACK-01 and every answer] JSON answers start with a UTF-8 byte order mark",
    "b3-message-unknown-reply-400": "[MSG-IN-01/MSG-OUT-01] in_reply_to naming no message gets 400 (contract: 404)",
    # ---- SHOULD-only controls
    "b3-no-safeguard": "[SAFE-URG-01, SHOULD] no urgent-use safeguard at all (null in capabilities and availability)",
    "b3-symptom-checker-http": "[SIGN-111-01, SHOULD] the symptom checker link is http://111.nhs.uk/ (not https)",
    "b3-500-on-non-json-content-type": "[ROB-4XX-01, SHOULD] a body sent as text/plain gets 500 instead of 415",
}

BLIND3_SHOULD_ONLY: set[str] = {
    "b3-no-safeguard",
    "b3-symptom-checker-http",
    "b3-500-on-non-json-content-type",
}

BLIND3_BORDERLINE: dict[str, str] = {
    "b3-opens-0745": "open longer than core hours is more generous to patients; but the tool declares closed_with_next_opening and the contract says open_now false and 409 outside core hours",
    "b3-usage-has-attachments-false": "REP-OC-01 is about counting requests per category; has_attachments is a field, not a count, and the description does not say the suite checks it",
    "b3-json-bom": "RFC 8259 says a sender MUST NOT add a BOM but a parser MAY ignore it; the contract only says 'UTF-8 JSON'",
    "b3-message-unknown-reply-400": "how a tool refuses is ROB-4XX-01 (a SHOULD); but the POST /messages description says 404 when in_reply_to names no message",
}
