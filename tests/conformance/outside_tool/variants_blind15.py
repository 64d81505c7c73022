# ruff: noqa: E501
"""FIFTEENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.11.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.11.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the fourteen earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind14.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written before anyone measured it or tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: cron's day-of-month OR day-of-week rule, a table partition
made lazily by one code path of two, a derived column sized for the sum of two fields, a
strict localiser refusing the autumn repeated hour (pytz `is_dst=None`), a page fragment
rendered by the closing job and served until the opening, `calendar.monthcalendar`'s
zero-padded first week, JavaScript's zero-based `getMonth()`, a demand switch keyed on the
calendar (the day after a bank holiday), a third-party API's daily quota, state carried from a
refused attempt into a later acknowledgement, a holiday-eve template partial, an FAQ
deflection bot, a service-level table keyed on the routing queue, an identifier grouped for
reading aloud, `java.text.MessageFormat`'s apostrophe quoting, mail-merge placeholders filled
in free text, lookup by unique prefix (as git does), a spool file written as UTF-8 and read
as utf-8-sig, fields named line1..lineN read back sorted as text, an ownership check on a
conversation, an external service's sandbox answering fixed data, an ImageMagick policy.xml
resource limit, a well-known hash (the empty file's SHA-256) read as a sentinel, PHP's
`empty('0')`, an e-mail reply parser stripping quoted lines, a thread ordered by a
materialised path (depth first), a pessimistic 'record in use' lock taken by a read, a consent
scope enforced per request, a body handed to an RFC 5322 parser with no blank line after the
headers, counting join events instead of distinct participants, the planned time copied into
an actual-time field, Rails-style format-suffix routes, `dict.get(key, default)` on a key
present with null, optimistic concurrency at HTTP-date (one-second) resolution, an allow-list
built from earlier activity, a global PRNG seeded with a constant for reproducible tests, a
data-quality rule dropping short calls, sessionisation of events into episodes, an N+1 query
behind a gateway timeout, and daily partitions enumerated from a UTC-converted week boundary.

Every variant in BLIND15 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group), except those in BLIND15_SHOULD_ONLY (controls: a WARN is
right, exit 0 expected) and those in BLIND15_BORDERLINE (a reasonable vendor could argue the
behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND15: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01, OC-ACCESS-01)
    # vendor.md: "Never turned away in core hours, by any check ... every POST /requests you answer 409, 429 or 503
    # while its test clock stands at an instant of core hours"; "open at every instant of core hours"; "(2.3.0) Open at
    # every instant means a closure of any length on any date is a breach"; contract: "Never 5xx"; PatientDetails:
    # given_name and family_name "maxLength": 100 each; vendor.md: "names of 1 and of 100 characters"
    "b15-cron-dom-or-dow-index-rebuild-503": "[AV-CORE-01] (cron's day-of-month OR day-of-week rule) the search-index rebuild meant for 'the first Monday of the month at 12:30' is scheduled '30 12 1-7 * 1'; cron runs it when EITHER field matches, so it runs on days 1 to 7 of every month and on every Monday, and for its 5 minutes (12:30 to 12:35 London) each POST /requests is rolled back and answered 503 'please try again shortly'",
    "b15-day-partition-made-by-new-requests-only": "[AV-CORE-01/OC-CAT-04] (a table partition made lazily by one code path of two) the day's triage-list partition is created by the first NEW request of each London day; a follow-up inserts straight into the partition, so a follow-up that is the first request of its day fails and the database error is mapped to 503 'service unavailable' (later that day, once a new request has come, follow-ups are taken)",
    "b15-triage-display-name-varchar-120-500": "[AV-CORE-01/OC-ACCESS-01] (a derived column sized for the sum of two fields) the triage list stores a display name 'FAMILY, Given' in a VARCHAR(120): a patient whose given and family names together pass 118 characters (both long, each within the contract's 100) makes the insert fail; the request is rolled back and answered 500",
    # ---- availability: out of hours and bank holidays (AV-OOH-01, AV-CORE-01)
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse whose next_opening is the
    # next core-hours opening"; contract: "Never 5xx"; "(2.11.0) A closed message's 'today', 'tomorrow' and 'the day
    # after tomorrow' are London calendar days counted from the instant it answers"; ClosedResponse.message: "A weekday
    # it names beside a date ('Monday 30 November') is that date's weekday ... Where it names a calendar date ('30
    # November', ..., '30/11/2026', ...), next_opening's date in Europe/London is among the dates it names";
    # Availability.open_now: "false on bank holidays"; vendor.md: "For 2026 to 2028, which the suite checks one by one:
    # 1 January, 3 and 6 April, 4 and 25 May ..."
    "b15-ooh-ambiguous-hour-strict-localize-500": "[AV-OOH-01] (a strict localiser refusing the autumn repeated hour) the closed path rebuilds London wall time with pytz's localize(..., is_dst=None), which raises AmbiguousTimeError for 01:00 to 01:59 on the last Sunday of October (that wall time happens twice): GET /availability and POST /requests answer 500 for those two hours instead of the closed answer",
    "b15-closed-banner-rendered-at-close-stale-tomorrow": "[AV-OOH-01] (a page fragment rendered by the closing job and served until the opening) the closed message is rendered once by the 18:30 closing job and cached until the next opening: on a weeknight it says 'We open again tomorrow at 08:00 (Tuesday 1 December)', which after midnight names the day after the opening as 'tomorrow' (next_opening itself right)",
    "b15-bh-monthcalendar-first-week-zero": "[AV-OOH-01/AV-CORE-01] (calendar.monthcalendar's zero-padded first week) the early May bank holiday is computed as calendar.monthcalendar(year, 5)[0][0], which is 0 when 1 May is not a Monday; the resulting ValueError is swallowed and that year has no early May holiday: open on 4 May 2026 and 3 May 2027 (right in 2028)",
    "b15-closed-message-js-getmonth-zero-based": "[AV-OOH-01] (JavaScript's zero-based getMonth()) the closed message is rendered by the Node front end as `${d.getDate()}/${d.getMonth()}/${d.getFullYear()}`: 'We open again at 08:00 on Monday 30/10/2026' for Monday 30 November (a month early, beside the wrong weekday; in January the month is 0)",
    # ---- caps (AV-CAP-01)
    # POST /requests: "In core hours: 201 ... whatever the number of requests (no cap per day, per category or per
    # patient; (2.3.0) nor in a time window of the day ... nor on any value a request carries"; vendor.md: "No cap on
    # what requests carry (AV-CAP-01). No daily quota on photo bytes or characters of text"; "(2.5.0) nor for carrying a
    # photo, at any instant of core hours"
    "b15-cap-day-after-bank-holiday-300": "[AV-CAP-01] (a demand switch keyed on the calendar) on the first working day after a bank holiday ('catch-up day') the form takes at most 300 requests; the 301st and later get 409 'We are very busy after the bank holiday ... please call the practice' with the next opening",
    "b15-photo-moderation-api-daily-quota-500": "[AV-CAP-01/AV-CORE-01] (a third-party API's daily quota) every photo is sent to a cloud image-moderation API whose plan allows 500 images a London day; once a day's photos pass 500, each request carrying a photo is rolled back and answered 503 'we cannot check photos just now' (requests without photos are taken)",
    # ---- NHS 111 (AV-111-01)
    # Acknowledgement.message: "In core hours it must not send a request to NHS 111 instead of the practice: 111
    # offered in a sentence without a condition of worsening or urgency, or in a sentence with the word 'instead' ...
    # even beside a condition ..., is a hand-over ... and so is 111 mentioned to every request alike [allowed]"; POST
    # /requests: "(2.9.0) a hand-over keyed on anything a request carries ... fails unless the run's plain
    # administrative requests are told the same"
    "b15-ack-111-for-patients-refused-while-closed": "[AV-111-01] (state carried from a refused attempt into a later acknowledgement) a patient (NHS number, else names and date of birth) whose request was refused as closed in the previous 24 hours is put in a 'came back' cohort: their next acknowledgements in core hours add 'As you tried to reach us while we were closed, if you cannot wait for our answer please use NHS 111 online instead.'",
    "b15-ack-holiday-eve-notice-clinical-only": "[AV-111-01] (a holiday-eve template partial) on the working day before a bank holiday the clinical acknowledgement template (advice, symptoms, clinical requests) includes 'The practice will be closed for the bank holiday. If you cannot wait until we reopen, please use NHS 111 online instead.'; the administrative and question templates, owned by another team, do not",
    # ---- categories and medication queries (OC-CAT-01, OC-ACCESS-01, OC-MED-01, AV-RESP-01)
    # RequestSubmission.category: "every category the tool declares in its capabilities must be accepted in core hours";
    # getPracticeRequest: "The practice sees exactly what was sent: every field of the RequestSubmission"; vendor.md:
    # "Medication queries are taken in core hours ... as a question ..."; Acknowledgement.respond_by: "Sent in core hours:
    # on the same Europe/London date"
    "b15-advice-faq-bot-deflects-can-i-questions": "[OC-CAT-01/OC-ACCESS-01] (an FAQ deflection bot) a seek_health_advice request whose description starts 'Can I', 'Is it safe', 'Should I' or 'How do I' is answered by the FAQ bot: the patient gets the usual 201 acknowledgement, but the request is filed in the bot's table, and GET /practice/requests/{reference} answers 404",
    "b15-med-questions-pharmacist-sla-next-day": "[OC-MED-01/AV-RESP-01] (a service-level table keyed on the routing queue) a question (ask_question) that mentions a medicine, tablets, a dose or a prescription is routed to the pharmacist's queue, whose service level is the pharmacist's next session: respond_by is 12:00 on the next working day and the acknowledgement says 'Our pharmacist will reply by 12:00 on Tuesday 1 December', in core hours too",
    # ---- acknowledgement (OC-ACK-01)
    # Acknowledgement.message: "a reference it names is its own, written exactly (the same case and separators, 2.3.0)";
    # POST /requests: "(2.8.0) exactly means the same characters"; vendor.md: "each message says when to expect a
    # response and holds no unfilled template syntax ({when}, {0}, ...)"
    "b15-ack-reference-grouped-for-phone-patients": "[OC-ACK-01] (an identifier grouped for reading aloud) for a patient who prefers phone or text_message the acknowledgement's message writes the reference in groups of four for reading over the phone, 'OC-1A2B 3C4D 5E', while the reference field is 'OC-1A2B3C4D5E'",
    "b15-ack-proxy-template-messageformat-apostrophe": "[OC-ACK-01] (java.text.MessageFormat's apostrophe quoting) the proxy acknowledgement template 'We'll tell you by {1} today ({2}) ...' is rendered with java.text.MessageFormat, where a single apostrophe starts quoted literal text: a proxy's acknowledgement reads 'Well tell you by {1} today ({2}) how it will be handled.'",
    # ---- outcomes and status (AV-RESP-01, OC-ACCESS-01)
    # OutcomeSubmission.message: "the patient's status shows it exactly as sent (byte for byte: no trimming, re-wrapping
    # or templating)"; Status codes: "404 for an unknown reference (a reference names a record only as the tool issued
    # it, character for character ...)"
    "b15-outcome-message-mail-merge-placeholders": "[AV-RESP-01] (mail-merge placeholders filled in free text) the notification service renders the practice's outcome message as a Handlebars template before the patient's status shows it: '{{given_name}}', '{{reference}}' and the like are filled, any other '{{...}}' becomes empty",
    "b15-reference-unique-prefix-lookup": "[OC-ACCESS-01/AV-RESP-01] (lookup by unique prefix, as git does for commit hashes) the practice's and the patient's request lookups (GET /practice/requests/{reference}, GET /requests/{reference}/status) take a reference of 6 characters or more that is the start of exactly one stored reference, 'OC-1A2B3' for 'OC-1A2B3C4D5E', and answer 200 with that request",
    # ---- exactly as sent (OC-ACCESS-01, CD-UPD-01)
    # RequestSubmission.description: "The patient's own words: the practice must see them exactly as sent. (2.3.0) Every
    # character JSON carries is text"; vendor.md: "a BOM inside text"; ContactDetails.address_lines: "The postal
    # address, first line first"; vendor.md: "Address lines have no maxLength ... do not cut them", "lines of any length"
    "b15-description-spool-read-utf8-sig": "[OC-ACCESS-01] (a spool file written as UTF-8 and read as utf-8-sig) the description reaches the practice inbox through a spool file written as UTF-8 and read back with encoding='utf-8-sig': a description that starts with U+FEFF loses it",
    "b15-address-lines-line1-line10-sorted-as-text": "[OC-ACCESS-01/CD-UPD-01] (fields named line1..lineN read back sorted as text) address lines are kept as fields line1, line2 ... and read back in sorted(key) order: an address of 10 lines or more comes back as line1, line10, line11 ..., line2 (requests and contact details updates)",
    # ---- proxies (OC-PROXY-01, OC-ACCESS-01)
    # RequestSubmission.requester: "A proxy's request must be accepted in every category whatever the patient's age,
    # and the practice must see role, proxy_name and relationship exactly as sent"; getPracticeRequest: "every field of
    # the RequestSubmission"
    "b15-follow-up-owner-check-other-requester-400": "[OC-PROXY-01/OC-CAT-04] (an ownership check on a conversation) only whoever sent a request may follow it up: a follow-up whose requester (role and proxy_name) is not the followed request's, such as a proxy following up the patient's own request or a second proxy following up the first's, is refused 400 naming $.follows_up",
    "b15-proxy-linked-profile-sandbox-names": "[OC-PROXY-01/OC-ACCESS-01] (an external service's sandbox answering fixed data) a proxy's request that gives the patient's NHS number fetches the patient from NHS login's linked-profiles API, which the TEST environment points at its sandbox: the sandbox answers its demo patient for any number, and the practice sees the patient as 'Jane Sandbox-Linked'",
    # ---- photos (OC-ACCESS-01, AV-CORE-01)
    # ToolCapabilities.photo_upload: "When true, photos (of any size from 0 bytes) are taken with a request in every
    # category the tool offers"; Attachment.size_bytes maximum 20971520; POST /requests: "Attachments carry metadata
    # only ... the practice must see each exactly as sent"; contract: "Never 5xx"
    "b15-png-over-16mib-imagemagick-policy-500": "[OC-ACCESS-01/AV-CORE-01] (an ImageMagick policy.xml resource limit) the thumbnailer's policy.xml caps a PNG at 16 MiB (area/disk limit): a request with a PNG photo over 16 MiB (within the contract's 20 MiB) fails at conversion, is rolled back and answered 500; JPEGs of any size are taken",
    "b15-empty-file-sha256-sentinel-dropped": "[OC-ACCESS-01] (a well-known hash read as a sentinel) the attachment store treats the empty file's SHA-256 (e3b0c442...b855) as 'no object': a 0-byte photo whose sha256 is that hash is dropped from the request, so the practice sees one attachment fewer (and the usage record's has_attachments may turn false)",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # sendMessage: "[NHSE] Either direction. 201 with direction, body and in_reply_to exactly as sent"; MessageSubmission
    # .body: minLength 1, "the recipient must see it exactly as sent, as one message"; getMessageThread: "Every message of
    # the thread, replies to replies included, both directions, oldest first by sent_at"; Status codes: "409 only from
    # POST /requests, when closed"; about_request: "the practice's written reply to a request"; vendor.md: "Accept every
    # proxy message (201)"; "Each message replies to the one before, and the first names the request in about_request"
    "b15-message-body-zero-php-empty-refused": "[MSG-IN-01/MSG-OUT-01] (PHP's empty('0')) the messaging service checks the body with empty(), which is true for the string '0': a message whose body is '0' (a patient answering 'how many tablets are left?') is refused 400 naming $.body 'please write a message', either direction",
    "b15-message-quoted-reply-lines-stripped": "[MSG-IN-01] (an e-mail reply parser stripping quoted lines) patient messages pass through an e-mail reply parser that removes quoted text: every line of a patient's message that starts with '>' (after spaces) is dropped from the body stored, answered and shown in the thread",
    "b15-thread-ordered-by-materialised-path": "[MSG-IN-01/MSG-OUT-01] (a thread ordered by a materialised path, depth first) each message stores the path of references from the thread's first message and the thread is read ORDER BY path: where two messages reply to the same message, or a late message answers an early one, the thread is listed depth first (by reference), not oldest first by sent_at",
    "b15-reply-refused-while-request-open-lock": "[MSG-REPLY-01/MSG-OUT-01] (a pessimistic 'record in use' lock taken by a read) reading a request in the practice view (GET /practice/requests/{reference}) locks it for 10 minutes of the tool's clock; a practice message naming it in about_request meanwhile is answered 409 'another clinician has this request open'",
    "b15-proxy-message-needs-about-request": "[MSG-PROXY-01] (a consent scope enforced per request) proxy access is scoped to requests, so a patient-side message from a proxy must name the request in about_request: a proxy's reply in a thread, with in_reply_to and no about_request, is refused 400 naming $.about_request",
    "b15-practice-message-leading-header-lines-absorbed": "[MSG-OUT-01] (a body handed to an RFC 5322 parser with no blank line after the headers) practice messages are stored as headers + body, with no blank line between, and read back with Python's email parser: the body's leading lines shaped like header fields ('Results: normal', 'Re: your request', '10:30 on Tuesday is booked', a line starting 'https://...' or 'From '), and lines indented under them, are taken as headers and vanish from the body stored, answered and shown in the thread",
    # ---- video consultation (VC-SCHED-01)
    # joinVideoSession: "once the patient and the professional have both joined, status is 'in_progress'; (2.3.0) not
    # before: one side's join alone, either side, leaves the join answer's status and a read 'scheduled'"; "started_at is
    # null while one side alone has joined and, once both have, the instant the second joined (to the second)";
    # getVideoSession / contact details / Status codes: "404 for an unknown reference (a reference names a record only as
    # the tool issued it, character for character ...)"; vendor.md: "a 2xx ... breaks the operation's MUST"
    "b15-video-join-count-not-distinct": "[VC-SCHED-01] (counting join events instead of distinct participants) a session starts when it has had two joins: a patient who joins twice (a double tap, a reconnect) before the professional makes it 'in_progress', in the join answer and a read",
    "b15-video-started-at-from-booked-start": "[VC-SCHED-01] (the planned time copied into an actual-time field) when both sides have joined, started_at is set to the session's scheduled_start, not the instant the second participant joined",
    "b15-reference-format-suffix-routes": "[VC-SCHED-01/CD-UPD-01] (Rails-style format-suffix routes) the video and contact-details routes read a trailing '.json' or '.xml' as the answer's format: GET /video/sessions/VC-7E896AA6F7.json, POST .../VC-7E896AA6F7.json/join and GET /practice/contact-details/CD-....json answer 200 for the record without the suffix, though the reference pattern allows dots and no such reference was issued",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # ContactDetailsSubmission.requester: "Absent or null means the patient"; updateContactDetails: "[NHSE] 201 with
    # submitted_at equal to the tool's now"; Status codes: "409 only from POST /requests, when closed"; "Never 5xx";
    # vendor.md: "Three updates come from proxies ... Accept each one (201)"
    "b15-contact-requester-explicit-null-500": "[CD-UPD-01] (dict.get(key, default) on a key present with null) after validation the handler reads body.get('requester', {}).get('role'): an update sending \"requester\": null explicitly (the contract's 'null means the patient') raises AttributeError, the update is rolled back and answered 500; one leaving requester out is taken",
    "b15-contact-last-modified-one-second-409": "[CD-UPD-01/CD-FIELDS-01] (optimistic concurrency at HTTP-date resolution) a patient's details carry a Last-Modified version to the second; a second update for the same patient (NHS number and date of birth, else names and date of birth) within the same second of the tool's clock is taken for a concurrent edit and answered 409 'your details were changed a moment ago'",
    "b15-contact-proxy-register-from-requests-403": "[CD-PROXY-01] (an allow-list built from earlier activity) a proxy may update a patient's details only once registered for that patient, and the TEST environment registers proxies from the requests they send: a proxy's update for a patient they never sent a request for is answered 403 'you are not registered to act for this patient'",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # OcRecord.record_id: "no one without the key or table can compute it"; vendor.md: "the part of a record_id that
    # differs between records carries at least 64 bits nobody can predict"; getUsage: "one OcRecord per request received
    # in the ISO week (by the Europe/London date of submitted_at ...), one VcRecord per session scheduled to start in it,
    # by the Europe/London date of scheduled_start"; vendor.md: "Every session counts whatever its length, up to the 240
    # minutes"; "a follow-up is a record of its own"; "A slow answer makes the run slow, never failed, unless one answer
    # takes longer than --read-timeout"; contract: "Never 5xx"
    "b15-record-id-global-prng-seed-42": "[REP-OC-02] (a global PRNG seeded with a constant for reproducible tests) record IDs are drawn from random.getrandbits(128) and kept in a table, but the TEST image's start-up fixture calls random.seed(42): the IDs are the seed-42 sequence in the order records are first exported, which anyone with Python can list",
    "b15-usage-vc-under-5-minutes-test-calls-dropped": "[REP-VC-01] (a data-quality rule dropping short calls) the VC export drops sessions of under 5 minutes as clinicians' test calls: a 1- to 4-minute session booked in the week has no VcRecord",
    "b15-usage-follow-ups-within-24h-one-episode": "[REP-OC-01] (sessionisation of events into episodes) the OC export groups a request and its follow-ups sent within 24 hours into one episode and writes one record per episode: a follow-up sent less than 24 hours after the request it follows has no record",
    "b15-usage-n-plus-one-gateway-504": "[REP-OC-01] (an N+1 query behind a gateway timeout) the OC export loads each record's attachments with one query per record; for a week of more than 700 records it runs past the API gateway's 5-second integration timeout and GET /usage answers 504 'Gateway Timeout'",
    "b15-usage-daily-partitions-from-utc-monday": "[REP-OC-01/REP-VC-01] (daily partitions enumerated from a UTC-converted week boundary) rows are partitioned by London date, and the export names its seven partitions from the UTC date of Monday 00:00 London plus 0 to 6 days: in a summer-time week that is Sunday to Saturday, so the week loses its own Sunday and gains the Sunday before",
}

# ROB-4XX-01 is a SHOULD ("How you refuse (a 4xx with an ErrorBody whose problems name each bad field, never a 5xx)
# is ROB-4XX-01, a SHOULD ... A 5xx or a bare 400 to a bad body is a warning there"); SIGN-111-01 is a SHOULD
# ("symptom_checker_url links to NHS 111 online [NHSE]; it must be https on 111.nhs.uk [SDK]"; "one whose GET
# /capabilities breaks the schema in those two fields only (a relative link ...): every other check reads such a field
# as absent (2.4.0)"); SAFE-URG-01 is a SHOULD ("urgent_use_safeguard must mention 'urgent', 'emergency' or '999' ...
# a SHOULD, so a WARN")
BLIND15_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b15-error-body-rfc9457-problem-json",
        "b15-symptom-checker-protocol-relative",
        "b15-safeguard-ab-test-variant-b",
    }
)
BLIND15.update(
    {
        "b15-error-body-rfc9457-problem-json": "[ROB-4XX-01, SHOULD] (an RFC 9457 problem-details middleware) every 400 is rewritten as application/problem+json: {type, title, status, detail, errors: [{pointer, detail}]}, with no ErrorBody 'problems' and JSON Pointers under 'errors'",
        "b15-symptom-checker-protocol-relative": "[SIGN-111-01, SHOULD] (a protocol-relative link stored by the CMS) symptom_checker_url is '//111.nhs.uk/' in capabilities and availability",
        "b15-safeguard-ab-test-variant-b": "[SAFE-URG-01, SHOULD] (an A/B copy experiment) the experiment platform assigned the test practice to variant B of the safeguard copy: 'Feeling unwell? NHS 111 online can help you any time, day or night.' (no 'urgent', 'emergency' or '999')",
    }
)

BLIND15_BORDERLINE: dict[str, str] = {
    "b15-record-id-follow-up-parent-suffix": "a follow-up's record_id is its original request's record_id with '-f1', '-f2' ... appended: every ID is still a keyed pseudonym (no one can compute it from a reference without the key) and unique in the week, but it links the follow-up to its original, and between those two records the differing part ('-f1') is predictable: vendor.md's '64 bits nobody can predict' is about 'the part of a record_id that differs between records', which a vendor can read as any two unrelated records",
    "b15-thread-by-reply-gives-subthread": "GET /messages?thread= given a reply's reference answers that message and the replies below it, with 'thread' that reply's reference: the contract lets a tool answer 404 or 'the thread holding it (thread then the first message's reference)', and a vendor can argue a sub-thread is a thread holding it; the suite reads threads by their first message only",
    "b15-usage-submitted-at-whole-seconds": "OcRecord.submitted_at is written to the second (the fraction cut, timespec='seconds'): the docs call it 'When the patient sent the request (the Acknowledgement's received_at)', and a cut never moves a request to another London day or week, so a vendor can argue the instant to the second is the same 'when'",
}
BLIND15.update(
    {
        "b15-record-id-follow-up-parent-suffix": "[REP-OC-02, borderline] (a child key derived from its parent's) a follow-up's record_id is its original's record_id plus '-f<n>'",
        "b15-thread-by-reply-gives-subthread": "[MSG-IN-01/MSG-OUT-01, borderline] (a subtree query rooted at the asked node) a thread read by a reply's reference answers the sub-thread below that reply",
        "b15-usage-submitted-at-whole-seconds": "[REP-OC-01, borderline] (an export writer's timespec='seconds') OcRecord.submitted_at is cut to whole seconds",
    }
)
