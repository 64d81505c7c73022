# ruff: noqa: E501
"""SIXTEENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.11.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.11.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the fifteen earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind15.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written before anyone measured it or tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: a scheduler skipping a wall-clock time inside the spring
clock-change gap, an HTTP parameter parser that does not unquote a quoted-string, a bot guard's
minimum form-fill time, a 'do not chase before the deadline' rule, a holiday feed's
presentation flag ('bunting') read as a filter, banner copy written for a one-day closure,
the US 'observed holiday' convention (Saturday to Friday), an upload gateway's per-request
total, an HTML-to-text rendering that drops visually-hidden text, speech prompts segmented out
of one sentence, a non-injective label map used for a round trip, a sentence-case tidy, a
downstream document API requiring an optional field, CLDR localisation by detected script
with native digits, an acknowledgement echoing the patient's words unbounded, an SLA measured
in business hours, str.splitlines() and re-join, Python 3.11's Enum.__format__ change, a
workflow side effect of replying, Oracle's '' IS NULL, html.unescape on the staff view,
bidirectional text stored in visual order, a terminology server's stub value set, Java's
OffsetDateTime.toString() dropping zero seconds, a thread walked as a linked list, a
collapsed-conversation view, JSON assembled by a text template, an exact lookup through a
full-text index, a finite pool of licensed video rooms, an ISO 8601 duration read back by a
narrow regex, a notification side effect failing on a missing field, a bound checked after
integer division, an e-mail deliverability (DNS/MX) check, delta-encoded change messages,
SQL BETWEEN with date bounds on a timestamp, hot/cold storage tiers with different schemas,
an operational day that does not start at midnight, an HMAC key shadowed by a loop variable,
jsonschema's format keyword left as an annotation, and one model shared between endpoints of
different nullability.

Every variant in BLIND16 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group), except those in BLIND16_SHOULD_ONLY (controls: a WARN is
right, exit 0 expected) and those in BLIND16_BORDERLINE (a reasonable vendor could argue the
behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND16: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # vendor.md: "`open_now` is true at every instant of core hours, clock-change weeks included (the weeks before and
    # after every change of 2026 to 2028, from the zone's own dates)"; "Never turned away in core hours, by any check ...
    # every `POST /requests` you answer 409, 429 or 503 while its test clock stands at an instant of core hours";
    # contract (2.10.0): "a valid request labelled application/json; charset=utf-8, application/json;charset=UTF-8 or
    # application/json; charset=\"utf-8\" ... must be taken like one labelled application/json
    # (robustness.json-labels-taken, AV-CORE-01)"; "Never 5xx"; POST /requests: "(2.6.0) nor for an earlier request of
    # the same patient"; vendor.md: "a test-clock setting and an availability read at each instant, and a request at
    # about a third of them"
    "b16-intake-job-at-0130-skipped-in-spring-gap": "[AV-CORE-01] (a scheduler skipping a wall-clock time inside the spring clock-change gap) a nightly job at 01:30 London opens the next working day's intake; on the last Sunday of March 01:30 does not exist and the scheduler skips the run, so the first working day after each spring change (Mon 30 March 2026, Tue 30 March 2027, Mon 27 March 2028) has no intake: /availability says closed and POST /requests answers 409 with the next day's opening, all day",
    "b16-charset-parameter-quotes-kept-lookuperror-500": "[AV-CORE-01] (an HTTP parameter parser that does not unquote a quoted-string) the body decoder takes the Content-Type's charset parameter verbatim and looks it up in a strict charset registry (as Java's Charset.forName, which takes letters, digits, '-', '+', ':', '_' and '.' only): 'charset=utf-8' and 'charset=UTF-8' work, but 'charset=\"utf-8\"' (an RFC 9110 quoted-string) is an illegal charset name, the exception is not caught and the request is answered 500",
    "b16-bot-guard-minimum-fill-time-after-form-read": "[AV-CORE-01] (a bot guard's minimum form-fill time) an anti-spam rule treats a POST /requests arriving less than 3 seconds of the tool's clock after the form page was served (the last GET /availability) as a bot and answers 429 'Please take a moment to check your answers, then send again'",
    "b16-follow-up-before-respond-by-refused-409": "[AV-CORE-01/OC-CAT-04] (a 'do not chase before the deadline' rule) while the form is open, a follow-up of a request that has no outcome yet and whose respond_by has not passed is refused 409 'We have not answered your earlier request yet; please wait for our answer'",
    # ---- availability: out of hours and bank holidays (AV-OOH-01, AV-CORE-01)
    # vendor.md: "For 2026 to 2028, which the suite checks one by one: 1 January, 3 and 6 April, 4 and 25 May, 31 August,
    # 25 and 28 December 2026; 1 January, 26 and 29 March, 3 and 31 May, 30 August, 27 and 28 December 2027; 3 January
    # (for New Year's Day, a Saturday), 14 and 17 April, 1 and 29 May, 28 August, 25 and 26 December 2028";
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse whose next_opening is the
    # next core-hours opening"; "(2.11.0) A closed message's 'today', 'tomorrow' and 'the day after tomorrow' are London
    # calendar days counted from the instant it answers ... read where the message ties them to opening ('open again
    # tomorrow', 'tomorrow at 08:00', 'from 08:00 tomorrow')"
    "b16-bh-govuk-feed-bunting-false-dropped": "[AV-OOH-01/AV-CORE-01] (a holiday feed's presentation flag read as a filter) bank holidays come from the gov.uk feed and the loader keeps only events with \"bunting\": true, taking the flag for 'a real holiday'; Good Friday is bunting: false in the feed, so the form is open on 3 April 2026, 26 March 2027 and 14 April 2028 and the evening before names Good Friday as the next opening",
    "b16-bank-holiday-banner-assumes-one-day-closure": "[AV-OOH-01] (banner copy written for a one-day closure) on a bank holiday the closed answer (409 and /availability) uses the holiday banner 'We are closed today for the bank holiday. We open again tomorrow at 08:00.', true for most Mondays but not for Good Friday, Christmas Day 2026 or New Year's Day 2027 (the next opening is days later; next_opening itself is right)",
    "b16-bh-observed-rule-saturday-to-friday": "[AV-OOH-01/AV-CORE-01] (the US 'observed holiday' convention) weekend holidays are moved by a helper copied from a US payroll module: a Saturday holiday is observed the Friday before, a Sunday one the Monday after, with no collision rule: closed on Fri 24 and Fri 31 December 2027 (working days), open on Mon 28 December 2026, Tue 28 December 2027 and Mon 3 January 2028 (bank holidays)",
    # ---- caps (AV-CAP-01)
    # POST /requests: "In core hours: 201 ... whatever the number of requests (no cap per day, per category or per
    # patient ...; (2.5.0) nor for carrying a photo"; vendor.md: "No cap on what requests carry (AV-CAP-01). No daily quota
    # on photo bytes ... availability.no-size-cap sends ... two photos within 2 MiB of the 20 MiB maximum each ...: each
    # must be taken (201)"; Attachment.size_bytes maximum 20971520 (per attachment; no total is stated)
    "b16-photos-total-32mib-per-request-413": "[AV-CAP-01/OC-ACCESS-01] (an upload gateway's per-request total) the upload service opens one upload session per request for the declared total, and its limit is 32 MiB: a request whose photos add up to more (two photos of 18 to 20 MiB each) is refused 413 'photos may be at most 32 MiB in total', though each is within the contract's 20 MiB",
    # ---- NHS 111 (AV-111-01)
    # Acknowledgement.message: "In core hours it must not send a request to NHS 111 instead of the practice: 111 offered
    # in a sentence without a condition of worsening or urgency ... is a hand-over. Safety-net advice ('if you get worse
    # before we contact you, call 111') is allowed, and so is 111 mentioned to every request alike"; POST /requests
    # (2.9.0): "a hand-over keyed on anything a request carries (a photo, a contact preference, a proxy, a category)
    # fails unless the run's plain administrative requests are told the same"
    "b16-ack-html-to-text-drops-visually-hidden-condition": "[AV-111-01] (an HTML-to-text rendering that drops visually-hidden text) the clinical acknowledgement is written in HTML with its safety-net condition in a govuk-visually-hidden span ('<span class=\"govuk-visually-hidden\">If your symptoms get worse before we contact you, </span>call NHS 111 or use 111 online.'); the API's plain-text renderer drops visually-hidden elements, so every clinical acknowledgement (advice, symptoms, clinical requests) ends 'call NHS 111 or use 111 online.', with no condition",
    "b16-ack-ivr-prompts-split-safety-net-for-phone": "[AV-111-01] (speech prompts segmented out of one sentence) for a patient who prefers a phone call the acknowledgement is the call-back script, whose safety net was split into two IVR prompts: '... If you get worse before we call you back. Call 111.': the sentence offering 111 has no condition, for phone-preferring requests only",
    # ---- categories and medication queries (OC-CAT-01, OC-CAT-06, OC-MED-01, OC-ACCESS-01)
    # getPracticeRequest: "The practice sees exactly what was sent: every field of the RequestSubmission"; vendor.md: "a
    # category your form refuses breaks that category's requirement, and the same category taken but changed on its way
    # to the practice breaks OC-ACCESS-01"; "Medication queries reach the practice byte for byte"; "Keep it as sent: no
    # trimming, tab expansion, space or quote 'tidying' ..."; "Fields left out: for every category, a request with no NHS
    # number ... Requiring an NHS number (for clinical requests or updates) ... is not among the stricter rules above";
    # contract: "Never 5xx"
    "b16-category-label-round-trip-collision": "[OC-CAT-01/OC-ACCESS-01] (a non-injective label map used for a round trip) the practice view maps the category to the staff app's label and back through the reversed label table; seek_health_advice and describe_symptoms share the label 'Health advice or symptoms' and the reversed table keeps the later entry, so every seek_health_advice request reaches the practice as describe_symptoms",
    "b16-description-sentence-case-tidy": "[OC-ACCESS-01/OC-MED-01] (a sentence-case tidy written back) a readability step for clinicians capitalises the first letter of the description and of each sentence after '.', '!' or '?' and a space: 'pls call me 2moro' becomes 'Pls call me 2moro', 'q.d.s. as needed' becomes 'q.d.s. As needed', 'bd. prn' becomes 'bd. Prn'",
    "b16-admin-gp-connect-document-needs-nhs-number-500": "[OC-CAT-06/AV-CORE-01] (a downstream document API requiring a field the contract makes optional) each administrative request is filed in the GP system through a GP Connect 'send document' call, which needs the patient's NHS number; an administrative request without one makes the call fail, the request is rolled back and answered 500",
    # ---- acknowledgement (OC-ACK-01)
    # Acknowledgement.message (maxLength 2000): "It must say, in English, when to expect a response: the respond_by time in
    # Europe/London ('16:00', '4:00', '16.00'), its date ('24 November', '24/11', '2026-11-24') or the words 'today',
    # 'tomorrow' or 'next working day'. The message is the request's own: a date it names is respond_by's or the day the
    # request was received"; vendor.md: "Answers match the published response schema exactly, patterns included: the
    # acknowledgement"; respond_by: "Sent in core hours: on the same Europe/London date"
    "b16-ack-localised-by-script-native-digits": "[OC-ACK-01] (CLDR localisation chosen by the description's detected script, with native digits) a description written mostly in Arabic or Bengali script gets its acknowledgement wholly in Arabic or Bengali, the time in that locale's digits ('١٨:٣٠', '১৮:৩০') and no English at all; one in Urdu (Arabic script with Urdu letters) gets an Urdu message with Latin digits",
    "b16-ack-echoes-description-unbounded": "[OC-ACK-01] (an acknowledgement echoing the patient's words, unbounded) the acknowledgement repeats what the patient wrote, for their records: '... how it will be handled. You wrote: \"<description>\"': with a description of more than about 1,850 characters the message passes the schema's 2,000, and dates or words in the description become the acknowledgement's own",
    "b16-respond-by-business-hours-sla": "[AV-RESP-01/OC-ACK-01] (a service level measured in business hours) respond_by comes from the service-desk library's SLA of 'one working day' = 10.5 core hours counted forward from received_at: only a request at 08:00:00 exactly gets 18:30 the same day; one at 10:15 gets 10:15 on the next working day, and the message says so",
    # ---- outcomes and status (AV-RESP-01)
    # OutcomeSubmission.message: "the patient's status shows it exactly as sent (byte for byte: no trimming, re-wrapping or
    # templating)"; getRequestStatus: "then the recorded Outcome (kind as recorded ...)"; Outcome.kind enum;
    # RequestStatus.outcome: "Null until the practice records one for it: an automated acknowledgement is not an
    # outcome, and nor is an outcome recorded for another request"
    "b16-status-message-splitlines-rejoined": "[AV-RESP-01] (str.splitlines() and re-join) the patient app's status service stores the outcome message as a list of lines, '\\n'.join(message.splitlines()): CRLF becomes LF, a trailing newline is lost, and U+2028, NEL and form feeds become line feeds",
    "b16-status-kind-str-enum-format-py311": "[AV-RESP-01] (Python 3.11's Enum.__format__ change) the status view formats the kind with f'{kind}' on a `class OutcomeKind(str, Enum)` member; since Python 3.11 that gives 'OutcomeKind.referred', not 'referred', so every status with an outcome shows a kind off the list (the 201 of recordOutcome, built with .value, is right)",
    "b16-practice-reply-auto-records-outcome": "[AV-RESP-01/MSG-REPLY-01] (a workflow side effect of replying) a practice message naming a request in about_request marks the request handled: if it has no outcome yet, the status now shows the outcome admin_completed at the reply's instant with the reply as its message, though the practice recorded none",
    # ---- exactly as sent (OC-ACCESS-01, CD-UPD-01)
    # vendor.md: "(2.11.0) ... one contact in three has an empty address line in its place (the schema's lines are any
    # strings: kept, not filtered)"; getPracticeRequest / getPracticeContactDetails: "(2.11.0) ... An empty address line
    # stays in its place"; vendor.md: "escape sequences typed as text (`caf\\u00e9`, `\\x41`, `\\n`, `\\\"`, `&#233;`). Keep them
    # as sent"; "Text (...) with ... right-to-left text. Keep it as sent"
    "b16-empty-address-line-oracle-null": "[OC-ACCESS-01/CD-UPD-01] (Oracle's '' IS NULL) address lines are kept in an Oracle VARCHAR2 array, where an empty string is NULL: an empty address line reads back as null in its place, in the practice's view of requests and contact details updates alike (and in the update's 201)",
    "b16-description-html-unescaped-for-staff": "[OC-ACCESS-01] (html.unescape on the staff view) the practice view's description comes back from the staff app's rich-text store through html.unescape(): text the patient typed as '&#233;', '&amp;', '&lt;' or '&copy' becomes 'é', '&', '<', '©'",
    "b16-rtl-runs-stored-in-visual-order": "[OC-ACCESS-01] (bidirectional text stored in visual order) the staff app renders right-to-left text for a left-to-right display by reordering (as python-bidi's get_display does) and writes that back: every run of Hebrew or Arabic letters (with the spaces inside it) in a description reaches the practice reversed",
    # ---- proxies (OC-PROXY-01, CD-PROXY-01)
    # vendor.md: "A proxy's relationship is free text (requests.proxy-wordings): a parent, guardian, carer, partner, social
    # worker, attorney or deputy, in their own words ... Ask nothing more of some wordings than of others"; "Do not limit
    # proxies to children or to a fixed list of relationships"; "Three updates come from proxies: ... (`mother`), ...
    # (`carer (son)`) and an attorney ... Accept each one (201)"
    "b16-relationship-fhir-valueset-stub": "[OC-PROXY-01/CD-PROXY-01] (a terminology server's stub value set) a proxy's relationship is validated ($validate-code on its display text) against the TEST terminology server, a stub loaded with a dozen family relationships (mother, father, parent, guardian, son, daughter, husband, wife, spouse, brother, sister, child): 'carer (son)', 'legal guardian', 'foster carer', 'Mum', 'attorney (...)' and the like are refused 400 naming $.requester.relationship, on requests and contact details updates",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01)
    # getMessageThread: "Every message of the thread, replies to replies included, both directions, oldest first by
    # sent_at. (2.3.0) Every one, however many ... (2.10.0) however large"; SecureMessage.sent_at: an instant 'with
    # seconds' (pattern); MessageSubmission.body: "the recipient must see it exactly as sent, as one message, whatever its
    # length"; Conventions: "Bodies are UTF-8 JSON"; about_request: "refuse with 404 (or 422), like any unknown
    # reference, an about_request that names no request it holds"; vendor.md: "the practice sends replies whose
    # about_request names no request: shapes built from one of your own request references (digits or letters changed,
    # one character longer) ... Taking one (2xx) files a reply against nothing and fails"
    "b16-thread-sent-at-java-offsetdatetime-tostring": "[MSG-IN-01/MSG-OUT-01] (Java's OffsetDateTime.toString() dropping zero seconds) the thread view is served by a Java service that writes sent_at with toString(), which leaves out the seconds when they and the fraction are zero: '2026-11-24T21:32Z' for a message sent at 21:32:00",
    "b16-thread-walked-as-chain-first-child": "[MSG-IN-01/MSG-OUT-01] (a thread walked as a linked list) the thread view starts at the first message and repeatedly follows the first reply to the current message: where two messages answer the same one (a run from one side, the long thread's last message answering its first), the later branch is missing",
    "b16-thread-collapsed-previews-over-20": "[MSG-IN-01/MSG-OUT-01] (a collapsed-conversation view) in a thread of more than 20 messages, every message but the last 20 is shown as a 500-character preview ending '…': a long thread of long messages loses most of its older bodies",
    "b16-thread-json-template-raw-line-breaks": "[MSG-IN-01/MSG-OUT-01] (JSON assembled by a text template) the thread answer is rendered by a template that escapes quotes and backslashes but writes line breaks and tabs raw: any thread holding a multi-line message is answered with JSON whose strings contain raw CR and LF, which no strict JSON parser takes",
    "b16-about-request-full-text-search-match": "[MSG-REPLY-01] (an exact lookup through a full-text index) about_request is checked with the request search service, which tokenises at punctuation and matches any token: every reference starting 'OC-' finds a request, so a reference shaped like the tool's own with digits or letters changed, or one character longer, is taken (201) and shown as sent",
    # ---- video consultation (VC-SCHED-01)
    # vendor.md: "Four clinicians book one start, two of them the same length: each booking is a session of its own, with
    # its own reference"; VideoSessionRequest: "Each session is read back (GET /video/sessions/{reference}) exactly as the
    # 201 answer gave it until someone joins: ... duration_minutes as sent ... it is never shortened"; joinVideoSession:
    # "(2.3.0) not before: one side's join alone, either side, leaves the join answer's status and a read 'scheduled'";
    # contract: "Never 5xx"; scheduleVideoSession: "400 ... for a duration outside 1 to 240 minutes"; vendor.md:
    # "Accepting data the contract forbids ... breaks the MUST of the operation that took it"
    "b16-video-room-pool-three-per-slot": "[VC-SCHED-01] (a finite pool of licensed video rooms) the video provider's licence has three concurrent rooms and each booking reserves one for its whole length: a booking that would overlap three others is answered 409 'No video room is free at that time'",
    "b16-video-duration-iso8601-needs-minutes": "[VC-SCHED-01/REP-VC-01] (an ISO 8601 duration read back by a narrow regex) the diary stores the length as an ISO 8601 duration ('PT1H30M', 'PT4H') and reads it back with PT(?:(\\d+)H)?(\\d+)M, which needs the minutes: a whole number of hours (60, 120, 180, 240 minutes) fails to parse and reads back as the diary's default 15 minutes (the 201 echoes the request)",
    "b16-video-professional-first-nudge-keyerror-500": "[VC-SCHED-01] (a notification side effect failing on a missing field) when the professional joins before the patient, the tool 'nudges' the patient by text, reading the session's patient phone, which sessions booked through the API do not have: KeyError, the join is rolled back and answered 500",
    "b16-video-duration-checked-in-whole-hours": "[VC-SCHED-01] (a bound checked after integer division) the diary keeps lengths as hours and minutes and the length rule is checked on the hours, `1 <= minutes and minutes // 60 <= 4`: a booking of 241 to 299 minutes is accepted (201) and kept as sent",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01)
    # vendor.md: "(an email address your own syntax check refuses ... the suite sends these expecting success) ... One
    # caution: the suite's emails use reserved example domains (`example.invalid`, `example.org`, `example.net`), which
    # take no mail ... A *deliverability* check (a DNS or MX lookup) would refuse those requests: switch it off in the TEST
    # environment"; ContactDetailsSubmission: "The practice must see every value exactly as sent
    # (GET /practice/contact-details/{reference}), whether one kind changes or all five"; vendor.md: "each contact
    # details update is a whole record, read by its own reference, not a patch of the last one"
    "b16-contact-email-deliverability-check": "[CD-UPD-01/CD-FIELDS-01] (an e-mail deliverability check by DNS/MX) the contact-details service validates e-mails with a deliverability check left on in TEST: a domain with no mail server (example.invalid, example.org, example.net, example.com: NXDOMAIN or null MX) is refused 400 naming $.contact.email 'we could not find a mail server for this address'",
    "b16-contact-delta-encoded-unchanged-as-null": "[CD-FIELDS-01/CD-UPD-01] (delta-encoded change messages) an update is filed with the GP system as a change message that carries only what differs from the same patient's previous update; the practice view (and the 201) shows that message: a given or family name, email, phone, postcode, preference or ethnicity equal to the previous update's is null, and an unchanged address is []",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # getUsage: "one OcRecord per request received in the ISO week (by the Europe/London date of submitted_at, out of core
    # hours and bank holidays included), one VcRecord per session scheduled to start in it, by the Europe/London date of
    # scheduled_start"; vendor.md: "The week runs Monday to Sunday in London dates"; "A week read again on later days
    # keeps its records ... each record keeps its record_id and fields"; OcRecord.category: "null only where a tool does
    # not record one (the conformance suite expects it)"; OcRecord.record_id: "no one without the key or table can
    # compute it"
    "b16-usage-between-dates-on-timestamp-drops-sunday": "[REP-OC-01/REP-VC-01] (SQL BETWEEN with date bounds on a timestamp) the export selects submitted_at (and scheduled_start) BETWEEN the week's Monday and its Sunday as dates, which reads the Sunday bound as Sunday 00:00:00: every request and session of the week's Sunday after midnight is in no week (this tool takes no request on a Sunday, so it is the Sunday's video sessions, such as one at 23:59, that go missing)",
    "b16-usage-cold-tier-drops-category": "[REP-OC-01] (hot and cold storage tiers with different schemas) requests older than 72 hours of the tool's clock are read from the archive tier, which keeps the national return's fields only: their OcRecord's category is null, so a week read again on a later day changes its records",
    "b16-usage-vc-clinic-day-starts-0700": "[REP-VC-01] (an operational day that does not start at midnight) the VC export files each session by its clinic day, which runs 07:00 to 07:00 London: a session from midnight to 07:00 on a Monday falls in the week before",
    "b16-record-id-hmac-key-shadowed-by-reference": "[REP-OC-02] (an HMAC key shadowed by a loop variable) the export loops `for key, row in rows.items()`, and `key` (the reference) shadows the module's secret key: every record_id is HMAC-SHA256(reference, 'supplier|data_type|reference'), which anyone holding a reference can compute",
    # ---- robustness: bodies the contract forbids (OC-ACCESS-01, CD-UPD-01)
    # vendor.md: "*Accepting* data the contract forbids (a 2xx to a body its schema refuses ...) breaks the **MUST** of the
    # operation that took it"; "`format` is an assertion (`date-time` and `date` as RFC 3339; `nhs-number`: ten digits,
    # the last a modulus 11 check digit ...)"; "Every kind of bad NHS number is refused"; "A field of the wrong JSON type
    # is refused ... a list, an object or `null` (where not nullable) for anything else"
    "b16-jsonschema-format-not-asserted": "[OC-ACCESS-01/CD-UPD-01] (jsonschema's format keyword left as an annotation) bodies are validated with the jsonschema library without a FormatChecker, so 'format' is not asserted: an NHS number of the right layout with a wrong check digit (or nine digits whose check value is 10) and a date of birth of the right shape that is no date (1990-02-30) are accepted, on requests and contact details updates",
    "b16-requester-null-via-shared-contact-model": "[OC-ACCESS-01] (one model shared between endpoints of different nullability) requests reuse the contact-details endpoint's Requester model, where null means the patient: a request with \"requester\": null (not nullable in RequestSubmission) is taken as the patient's own (201)",
}

# ROB-4XX-01 is a SHOULD ("How you refuse (a 4xx with an ErrorBody whose problems name each bad field, never a 5xx) is
# ROB-4XX-01, a SHOULD ... A problem names the field and what was expected without quoting the value sent in a patient's
# field (... email ...) ... The suite counts a quote when such a value of up to 16 characters appears whole in an error,
# or 16 characters of a longer one in a row: a WARN under ROB-4XX-01"); SIGN-111-01 is a SHOULD ("symptom_checker_url
# links to NHS 111 online [NHSE]; it must be https on `111.nhs.uk` [SDK]"; "one whose GET /capabilities breaks the schema
# in those two fields only ...: every other check reads such a field as absent (2.4.0)"); SAFE-URG-01 is a SHOULD
# ("urgent_use_safeguard must mention 'urgent', 'emergency' or '999', open or closed ... a SHOULD, so a WARN")
BLIND16_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b16-error-did-you-mean-email-suggestion",
        "b16-symptom-checker-markdown-link",
        "b16-safeguard-keycap-emoji-999",
    }
)
BLIND16.update(
    {
        "b16-error-did-you-mean-email-suggestion": "[ROB-4XX-01, SHOULD] (a 'did you mean' typo suggester, as mailcheck) a refused e-mail's problem message offers a corrected address: 'not an email address: did you mean jo.patel@example.org?' (spaces, a trailing dot, a doubled '@' or '.' removed), which repeats most of what the patient typed",
        "b16-symptom-checker-markdown-link": "[SIGN-111-01, SHOULD] (Markdown stored in a URL field by the CMS) symptom_checker_url is the CMS's Markdown '[NHS 111 online](https://111.nhs.uk/)' in capabilities and availability",
        "b16-safeguard-keycap-emoji-999": "[SAFE-URG-01, SHOULD] (a banner 'emojified' by a design refresh) urgent_use_safeguard is '⚠️ Life-threatening? Call 9️⃣9️⃣9️⃣ now. This form is not for that.': the 999 is three keycap emoji (9, U+FE0F, U+20E3), and no 'urgent' or 'emergency' is left",
    }
)

BLIND16_BORDERLINE: dict[str, str] = {
    "b16-status-ttl-exactly-90-days": "the status store has a TTL of exactly 90 days from received_at: the contract says 'A status stays readable (200, with its outcome) for at least 90 days after the request was received', which 90 days meets to the letter, while 'the suite reads it again 91 days on' and then gets 404",
    "b16-ack-safety-net-abbreviation-full-stops": "clinical acknowledgements add safety-net advice with abbreviations: 'If you get worse before we contact you (e.g. a high temperature, new or worse pain etc.), call NHS 111.': one sentence with a condition of worsening, which the contract allows ('Safety-net advice ... is allowed'), but a sentence splitter that breaks at 'e.g.' or 'etc.' reads 'call NHS 111' alone",
    "b16-record-id-uuid7": "record_id is a UUIDv7 kept in a table (48 bits of the export's real-time milliseconds, then 74 random bits): the part that differs between records carries at least 64 unpredictable bits and no one can compute it from a reference, which is what vendor.md asks, but it starts with a timestamp ('Never ... a timestamp')",
}
BLIND16.update(
    {
        "b16-status-ttl-exactly-90-days": "[AV-RESP-01, borderline] (a TTL set at the stated minimum) a status is deleted 90 days after received_at: 404 at the suite's read 91 days on",
        "b16-ack-safety-net-abbreviation-full-stops": "[AV-111-01, borderline] (abbreviations with full stops inside a conditional sentence) clinical acknowledgements end 'If you get worse before we contact you (e.g. a high temperature, new or worse pain etc.), call NHS 111.'",
        "b16-record-id-uuid7": "[REP-OC-02, borderline] (a time-ordered UUID) record_id is a UUIDv7 (real-time milliseconds, then 74 random bits) kept in a table",
    }
)
