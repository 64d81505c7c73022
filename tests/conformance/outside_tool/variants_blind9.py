# ruff: noqa: E501
"""NINTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md (docs/contract-changes.md for 2.1.0 and 2.2.0
above all, and docs/vendor.md), conformance/catalogue.json and
conformance/tool-contract.openapi.json (2.2.0), plus the outside tool (`tool.py`) and the
descriptions of the eight earlier sets (`variants.py`, `variants_heldout.py`,
`variants_blind3.py` to `variants_blind8.py`), read only to avoid repeating a mechanism. Never
the SDK's source, its checks, its self-test expectations, the earlier results or GAPS.md.
Written and measured before anyone tuned the suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: state kept between requests or days (a cold cache at the
day's first request, a circuit breaker after bad bodies, a daily upsert that keeps the first
row, a respond-by recomputed at read time, a stale template variable), time handled in two
places or in an in-house rule (a DST end on the fourth Sunday, a 12-hour clock at noon, a
message dated by the server's clock, a DST fold at booking, a join window by UTC date, a week
bound in the Monday's offset, quiet hours for practice messages), a second code path or an
interaction missing a rule (the photo upload service, the proxy consent register, a follow-up
that takes its original's respond-by, requester or outcome, a message about a follow-up or a
closed request), data altered on the way out (UTF-16 length, markdown stripping, e-mail line
wrapping, full-name re-splitting, postcode minimisation, post towns, Gmail-style e-mail
normalisation, a cp1252 export step, display labels and renamed services in the patient's
view), product rules applied at the wrong level (Pharmacy First conditions, a dose checker,
winter pressures, an admin-keyword classifier, no clinical answers by post, phishing link
rules, a household login, an email-domain limit) and record IDs that look keyed but are not
(an empty key in TEST, a UUIDv5 of the reference).

Every variant in BLIND9 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND9_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND9_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND9: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # catalogue AV-CORE-01: "The online form accepts non-urgent clinical requests, medication queries and admin requests
    # at any time from 08:00 to 18:30, Monday to Friday ... (UK time, including the weeks the clocks change)";
    # submitRequest: "In core hours: 201 for every category the tool declares"
    "b9-day-first-post-cold-cache-409": "[AV-CORE-01] (cold cache at day rollover) the first POST /requests of each London working day answers 409 'please try again' while the day's schedule cache loads; the next one is taken",
    "b9-bst-ends-fourth-sunday-october": "[AV-CORE-01/AV-OOH-01] (in-house DST rule, nth-weekday off by one) summer time is taken to end on the fourth Sunday of October: in 2027 and 2028 (five-Sunday Octobers) the last week of BST is read as GMT: closed 08:00-09:00, open 18:30-19:30",
    "b9-noon-hour-read-as-midnight": "[AV-CORE-01] (12-hour clock conversion) the open check goes through a 12-hour time whose 12 is read as 0: from 12:00 to 12:59 the form is closed",
    "b9-photo-scanner-update-1200-1215": "[AV-CORE-01/OC-ACCESS-01] (second path, partial failure) the upload service's virus scanner updates its definitions 12:00-12:15 on working days: requests with photos get 409 then",
    "b9-proxy-consent-register-sync-1745": "[AV-CORE-01/OC-PROXY-01] (second path: the proxy consent register) proxies' requests are refused (409) from 17:45 to 18:30 while the consent register syncs",
    # ---- availability: out of hours (AV-OOH-01)
    # ClosedResponse.next_opening: "The next core-hours opening after the tool's now: 08:00 Europe/London on the next working
    # day"; ClosedResponse.message: "that the form is closed and when it opens again"; POST /requests: "Outside core hours:
    # 409 with a ClosedResponse whose next_opening is the next core-hours opening"
    "b9-next-opening-keeps-now-seconds": "[AV-OOH-01] (datetime.replace without seconds) next_opening is now.replace(hour=8, minute=0): it keeps now's seconds and fraction (08:00:37.25)",
    "b9-closed-message-weekday-off-by-one": "[AV-OOH-01] (message and field built in two places) the closed message names the weekday from a Sunday-first table: 'We open again at 08:00 on Sunday 30 November' for a Monday (next_opening right)",
    "b9-ooh-photo-path-409-without-next-opening": "[AV-OOH-01] (second path: the upload service) out of hours, requests with photos are refused by the upload service: 409 'Uploads are closed' with no next_opening",
    # ---- availability: caps (AV-CAP-01)
    # submitRequest: "whatever the number of requests (no cap per day, per category or per patient)"; vendor.md: "No cap
    # keyed on anything a request carries" and "a 429 (or any other refusal) to POST /requests is exactly what a cap looks like"
    "b9-cap-email-domain-240-per-day": "[AV-CAP-01] (anti-abuse rule keyed on the email domain) at most 240 requests a London day from one email domain, then 409",
    "b9-circuit-breaker-after-20-bad-bodies": "[AV-CAP-01/AV-CORE-01] (abuse circuit breaker, state between requests) after 20 refused (400) POST /requests in a row, every POST /requests gets 429 for the next 3 real seconds",
    "b9-link-spam-filter-409": "[AV-CAP-01/OC-ACCESS-01] (spam filter) a description with two or more links (http://, https://, www., mailto:) gets 409 'this looks like spam'",
    # ---- NHS 111 and medication queries (AV-111-01, OC-MED-01)
    # AV-111-01: "During core hours, a request that general practice should deal with is accepted by the practice, not
    # redirected to NHS 111"; OC-MED-01: "In core hours the online form takes a patient's query about a medicine"
    "b9-winter-pressures-111-after-1600": "[AV-111-01] (seasonal switch) from 1 December to 31 January, clinical requests after 16:00 get 409 pointing to NHS 111 ('winter pressures')",
    "b9-pharmacy-first-conditions-409": "[AV-111-01/OC-CAT-05] (Pharmacy First signposting) clinical requests naming sore throat, earache, sinusitis, cystitis/UTI, impetigo, shingles or an insect bite get 409 'use Pharmacy First or NHS 111 online'",
    "b9-med-high-dose-409": "[OC-MED-01] (dose checker at the door) a query naming a dose of 500 mg or more gets 409 'please phone the practice about high doses'",
    # ---- acknowledgements (OC-ACK-01)
    # Acknowledgement.message (2.2.0): "The message is the request's own: a date it names is respond_by's or the day the
    # request was received (Europe/London), a reference it names is its own"; Conventions (2.2.0): "a reference names a
    # record only as the tool issued it, character for character: the same letters in another case ... are an unknown
    # reference"
    "b9-ack-message-date-from-server-clock": "[OC-ACK-01] (time in two places) the message's date comes from the server's real date, its time and respond_by from the test clock",
    "b9-ack-message-quotes-previous-reference": "[OC-ACK-01] (stale template variable) the message is filled before the new reference is assigned: it quotes the previous request's reference",
    "b9-practice-lookup-crockford-normalised": "[OC-ACK-01/OC-ACCESS-01] (confusable normalisation) GET /practice/requests/{ref} matches references Crockford-style (case, O/0, I/L/1 folded): a reference with its letters' case swapped finds the request",
    # ---- outcomes and the patient's status (AV-RESP-01)
    # getRequestStatus: "reference, received_at and respond_by as in the request's Acknowledgement; ... then the recorded
    # Outcome (kind as recorded ...)"; RequestStatus.received_at: "An instant: RFC 3339 with seconds and a UTC offset";
    # (2.2.0) "each shows its own outcome only"; Acknowledgement.respond_by: "Never before received_at"
    "b9-status-times-without-offset": "[AV-RESP-01] (second serialiser) the status service writes received_at and respond_by as London wall time with no offset",
    "b9-status-hides-closed-no-action": "[AV-RESP-01] (product decision in the patient app) outcomes of kind closed_no_action are hidden: the status shows outcome null",
    "b9-status-kind-pharmacy-first-renamed": "[AV-RESP-01] (renamed service label) the patient's status shows signposted_pharmacy as 'pharmacy_first' (the 2024 service name, off the enum)",
    "b9-status-respond-by-computed-at-read": "[AV-RESP-01/OC-ACK-01] (recomputed instead of stored) the status's respond_by is 18:30 of the day it is read, not the acknowledgement's",
    "b9-follow-up-respond-by-from-original": "[AV-RESP-01/OC-ACK-01] (conversation-level SLA) a follow-up's respond_by is copied from the request it follows up: on a later day it is before received_at",
    "b9-outcome-for-follow-up-filed-on-original": "[AV-RESP-01] (outcome filed at the conversation's root) an outcome recorded for a follow-up is stored on the request it follows up; the follow-up's own status stays null",
    # ---- what the practice sees (OC-ACCESS-01)
    # getPracticeRequest: "The practice sees exactly what was sent: every field of the RequestSubmission"; vendor.md: "Keep
    # it as sent: no trimming, tab expansion, space or quote 'tidying', Unicode normalisation, escaping or tag stripping",
    # "Lengths up to each maxLength: a 10,000-character description", "Address lines have no maxLength"
    "b9-description-cut-at-10000-utf16-units": "[OC-ACCESS-01] (UTF-16 length in the JS front end) descriptions are cut at 10,000 UTF-16 code units: astral characters count twice",
    "b9-description-markdown-emphasis-stripped": "[OC-ACCESS-01] (markdown-to-text renderer) **bold**, __bold__, *em* and _em_ lose their markers in the description",
    "b9-description-lines-wrapped-at-998": "[OC-ACCESS-01] (e-mail transport, RFC 5322 line limit) the practice inbox is fed by e-mail: lines longer than 998 characters get a CRLF every 998",
    "b9-request-postcode-minimised-to-district": "[OC-ACCESS-01] (data minimisation) a request's postcode is stored as its outward code only ('LS1')",
    "b9-names-resplit-from-full-name": "[OC-ACCESS-01] (single full-name column) names are joined and re-split at the last space: 'Mary Ann' 'de la Cruz' becomes 'Mary Ann de la' 'Cruz'",
    "b9-request-address-max-4-lines": "[OC-ACCESS-01] (form with four address fields) a request's address lines after the fourth are dropped",
    "b9-follow-up-description-re-prefix": "[OC-ACCESS-01] (follow-up decoration) a follow-up's description is stored as 'Re: <earlier reference>' and a line break before the patient's words",
    # ---- proxies (OC-PROXY-01)
    # RequestSubmission.requester: "the practice must see role, proxy_name and relationship exactly as sent";
    # relationship maxLength 100
    "b9-relationship-varchar-50": "[OC-PROXY-01/OC-ACCESS-01] (column length) a proxy's relationship is stored in VARCHAR(50): longer ones are cut",
    "b9-follow-up-requester-from-original": "[OC-PROXY-01/OC-ACCESS-01] (conversation-level requester) a follow-up is stored with the requester of the request it follows up, not its own",
    # ---- categories (OC-CAT-05, OC-CAT-06)
    # vendor.md: "Which stricter rules may my tool apply?" lists the only refusals; catalogue OC-CAT-06 "A patient can make a
    # non-clinical request online, for example for a fit note or a letter"
    "b9-admin-category-classifier-400": "[OC-CAT-06] (keyword classifier as validation) administrative requests whose description names no admin word (fit note, letter, form, certificate, results, referral, prescription, repeat, records, appointment...) get 400 'this looks clinical'",
    "b9-clinical-preferred-post-400": "[OC-CAT-05] (product rule) clinical requests that prefer an answer by post get 400 naming $.contact.preferred ('we never post clinical answers')",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # MessageSubmission.about_request: "A tool must accept and keep it, show it as sent on the message"; sendMessage: "201
    # with direction, body and in_reply_to exactly as sent and sent_at equal to the tool's now"; Conventions: "409 only from
    # POST /requests, when closed"; MessageSubmission.requester: "show the requester exactly as sent on the message";
    # getMessageThread: "Every message of the thread, replies to replies included"
    "b9-message-about-follow-up-resolved-to-original": "[MSG-REPLY-01] (conversation root) a message about a follow-up is stored as about the request it follows up",
    "b9-message-about-request-with-outcome-refused": "[MSG-REPLY-01/MSG-OUT-01] (closed case) a message about a request that has an outcome gets 409 'this request is closed'",
    "b9-practice-message-links-refused": "[MSG-OUT-01/MSG-REPLY-01] (phishing protection) practice messages containing an http(s) link get 400 naming $.body",
    "b9-message-requester-from-request": "[MSG-PROXY-01] (join on the request) a patient-side message about a request is shown with the request's requester, not the one it was sent with",
    "b9-practice-messages-quiet-hours": "[MSG-OUT-01] (quiet hours) a practice message sent outside 08:00-20:00 London is held for delivery: its sent_at is 08:00 the next morning",
    "b9-thread-latest-day-only": "[MSG-IN-01/MSG-OUT-01] (the app's 'today' view) GET /messages lists only the messages sent on the London day of the thread's latest message",
    # ---- video (VC-SCHED-01)
    # VideoSessionRequest: "Each session is read back ... exactly as the 201 answer gave it ... on any day and at any hour";
    # joinVideoSession: "A join window is the tool's own ... as long as the window includes scheduled_start"; "join_url is an
    # https:// URL"; vendor.md: "each instant in every spelling its pattern allows: Z, +00:00, other offsets"; "An instant
    # ... a space for the T ... is refused: the contract's pattern forbids each"
    "b9-video-start-autumn-fold-first": "[VC-SCHED-01] (DST fold) a start in the repeated hour of the October change (01:00-02:00 London, second time) is stored as its first occurrence: an hour early",
    "b9-video-join-window-by-utc-date": "[VC-SCHED-01] (join window by UTC date) a join is refused (400) unless now's UTC date is the session's London date: starts between 00:00 and 01:00 BST cannot be joined",
    "b9-video-offset-whitelist": "[VC-SCHED-01] (offset whitelist) scheduled_start with an offset other than Z, +00:00 or +01:00 gets 400",
    "b9-accepts-instant-comma-fraction": "[VC-SCHED-01] (European pre-parser) a decimal comma in scheduled_start's fraction ('10:30:00,5Z') is read as a point and accepted",
    "b9-video-patient-join-url-app-scheme": "[VC-SCHED-01] (NHS App deep link) the patient's join_url is 'nhsapp://video/...', not https",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # ContactDetailsSubmission.requester: "the practice must see the requester exactly as sent"; updateContactDetails: "201
    # with submitted_at equal to the tool's now"; getPracticeContactDetails: "The patient and contact details exactly as
    # sent"; ethnicity: "every code must be accepted and shown to the practice as sent"
    "b9-contact-proxy-same-surname-as-patient": "[CD-PROXY-01] (household login) a proxy whose last name is the patient's family name is taken for the patient: the update is stored with requester null",
    "b9-contact-submitted-at-upsert-keeps-first": "[CD-UPD-01] (daily upsert keeps created_at) an update's submitted_at is that of the patient's first update that London day",
    "b9-contact-post-town-from-postcode": "[CD-UPD-01] (address finder) when a postcode is given, the last address line is replaced by the post town of the postcode area (LS -> LEEDS, B -> BIRMINGHAM ...)",
    "b9-contact-email-dots-removed": "[CD-UPD-01] (Gmail-style de-duplication) dots in the local part of an update's email are removed",
    "b9-contact-ethnicity-z-keeps-previous": "[CD-FIELDS-01] (never overwrite known with unknown) an update with ethnicity Z shows the patient's earlier stated code instead",
    # ---- usage data (REP-OC-01)
    # OcRecord.request_type: "Follows the category"; OcUsageReport.records: "One record per request the tool received in
    # the week"; vendor.md: "Every request is one record whatever the practice did next", "has_attachments is true for any
    # attachment"; OcRecord.requester_role: "'proxy' when someone filled in the form for the patient"
    "b9-usage-request-type-from-outcome": "[REP-OC-01] (type from the triage outcome) request_type follows the outcome once recorded: admin_completed -> administrative, signposted_* and closed_no_action -> other, the rest clinical",
    "b9-usage-skips-non-cp1252-rows": "[REP-OC-01] (partial failure of an export step) the export's cp1252 CSV step fails on requests whose description it cannot encode and skips them",
    "b9-usage-proxy-same-name-as-patient": "[REP-OC-01] (self-proxy detection) a proxy whose name equals the patient's given and family name is reported as 'patient'",
    "b9-usage-held-while-patient-message-unanswered": "[REP-OC-01] (state filter) a request with a patient message about it that the practice has not answered is held back from the export",
    "b9-usage-has-attachments-conversation-level": "[REP-OC-01] (conversation-level flag) has_attachments is true for every request of a conversation (a request and its follow-ups) if any of them has one",
    # ---- usage data: record IDs (REP-OC-02)
    # OcRecord.record_id: "no one without the key or table can compute it. Never ... an unkeyed hash or an encoding of it"
    "b9-usage-record-id-empty-key-fallback": "[REP-OC-02] (misconfiguration) the key file is not mounted in TEST and the app falls back to an empty HMAC key: anyone can compute the IDs",
    "b9-usage-record-id-uuid5-of-reference": "[REP-OC-02] (name-based UUID) record_id is uuid5(NAMESPACE_URL, reference) as hex: an unkeyed hash that looks random",
    # ---- usage data: video (REP-VC-01)
    # getUsage: "one VcRecord per session scheduled to start in it, by the Europe/London date of scheduled_start"
    "b9-usage-vc-week-end-bound-monday-offset": "[REP-VC-01] (week bound in the Monday's offset) the VC week ends at next Monday 00:00 in the offset of this Monday: in the October change week Sunday 23:00-24:00 is lost, in March Monday 00:00-01:00 counts twice",
    "b9-usage-vc-both-booked-and-held-in-week": "[REP-VC-01] (double filter) the VC export keeps sessions both booked and scheduled in the week: one booked the week before is missing",
    "b9-usage-vc-omits-over-180-minutes": "[REP-VC-01] (old national cap in the export) sessions booked for more than 180 minutes are left out of the VC export",
    # ---- input the contract forbids (robustness.invalid-input: the operation's MUST)
    # vendor.md: "Near misses of every pattern and format are refused ... Do not strip, cut or normalise before you validate"
    "b9-accepts-nhs-number-unicode-hyphens": "[OC-ACCESS-01/CD-UPD-01] (normalise before validate) NHS numbers with Unicode dashes (U+2010-U+2013, U+2212) are accepted and stored with ASCII hyphens",
    # ---- borderline (see BLIND9_BORDERLINE)
    "b9-photos-max-3-per-request": "[OC-ACCESS-01] (count limit) a request with more than three photos gets 400 naming $.attachments",
    # ---- SHOULD-only controls
    "b9-safeguard-is-strapline": "[SAFE-URG-01, SHOULD] the safeguard field carries the marketing strapline 'Get help from your GP practice online, day or night.'",
    "b9-symptom-checker-relative-path": "[SIGN-111-01, SHOULD] the symptom checker link is the CMS-relative path '/symptom-checker'",
    "b9-error-message-echoes-value": "[ROB-4XX-01, SHOULD] each 400 problem's message quotes the refused value (up to 40 characters)",
    "b9-capabilities-omit-follow-up-but-accept": "[OC-CAT-04, SHOULD] capabilities leave follow_up out (the form shows it under 'my requests'), though POST still takes follow-ups",
}

BLIND9_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b9-safeguard-is-strapline",
        "b9-symptom-checker-relative-path",
        "b9-error-message-echoes-value",
        "b9-capabilities-omit-follow-up-but-accept",
    }
)

BLIND9_BORDERLINE: dict[str, str] = {
    "b9-photos-max-3-per-request": "the stricter rules a tool may apply are listed as a table ('Which stricter rules may my tool apply?') and a count of photos is not in it, but ToolCapabilities.photo_upload says only that photos are taken 'in every category the tool offers' and the schema gives attachments no maxItems either way; a vendor could read a per-request count as its own rule",
}
