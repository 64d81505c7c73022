"""The contract's rules in words: what holds for every operation, and each operation's own.

Kept apart from `openapi` (which builds the document) so the wording can be read
and reviewed as prose. Labels: [NHSE] is a rule of the GP contract or NHS England's
guidance; [SDK] is the SDK's own reading or strengthening of one.
"""

from __future__ import annotations

__all__ = ["CONVENTIONS", "OPERATION_RULES"]

# What holds for every operation; each operation's `description` says the rest. Rules
# labelled [NHSE] come from the GP contract and NHS England's guidance; [SDK] marks the
# SDK's own reading or strengthening of them (docs/vendor.md, "Building a tool from the
# contract alone", walks through both).
CONVENTIONS = """\
Conventions. Bodies are UTF-8 JSON. Every schema here is generated from the SDK's models \
and states every rule the suite's parser applies: a body valid against its schema, with \
`format` asserted (date-time and date as RFC 3339; nhs-number: ten digits, the last the \
modulus 11 check digit, and nine digits whose check value is 10 start no valid number, \
whatever digit follows), is accepted, and the few rules JSON Schema cannot state (one \
field compared with another, a weekday) are written as "Must be ..." in the field's \
description. (The parser also takes some other ISO 8601 spellings of an instant: do not \
rely on them. (2.8.0) A date is YYYY-MM-DD only, as its pattern says: ISO 8601's basic \
(19900512), week (1990-W19-6) and ordinal (1990-132) forms of a date, which Python 3.11's \
date.fromisoformat reads, are bodies the schema forbids, and the suite sends them [SDK].) \
Unknown keys are refused. A field not listed as required may \
be left out: it then takes its default (null, an empty list, false; true for \
TestClock.frozen). Null is a value only where the schema allows it (2.13.0 [SDK]): a \
field that is not nullable, required or not (a request's requester or attachments), sent \
as null is refused like any wrong type, never read as left out or as another endpoint's \
null (a contact update's requester: the patient); the suite sends null for every such \
field. Integers are written without a fraction (15, not 15.0). Instants carry \
seconds and a UTC offset; their seconds are 00 to 59 as the pattern says (RFC 3339's \
grammar allows a leap second, 60: the contract does not, and a tool refuses it) [SDK]; \
every local rule (core hours, days, reporting weeks) uses Europe/London.

Stricter rules of the tool's own [SDK]. The schemas bind what the suite accepts from a \
tool and what it may send. A tool MAY refuse a schema-valid request body that breaks a \
rule of its own, with a 4xx and an ErrorBody naming the field (never 5xx): a follows_up \
naming no request it holds (400 or 404, $.follows_up); another practice's code (400, \
$.practice_code); an attachment whose media type is not in \
capabilities.accepted_media_types (400 or 415, $.attachments[i].media_type); a date of \
birth in the future (400, $.patient.date_of_birth); an email address its own syntax check \
refuses (400, $.contact.email), as long as that check takes every address real mailboxes \
use (capitals, dots, hyphens, '_', '+tag', an apostrophe, subdomains, up to 254 \
characters: the suite sends these expecting success); a video session starting before \
the tool's now (400, $.scheduled_start). The bodies the suite sends expecting success keep \
to all of these: \
follows_up names an earlier request of the same patient that the tool accepted (a tool \
may refuse one naming another patient's request: 400 or 404 naming $.follows_up), \
the practice code is the test environment's, media types come from \
accepted_media_types, dates of birth are real past dates (babies under 5 and people over \
100 included), emails are valid ASCII \
addresses (some with a +tag), sessions start at the tool's now or later (at any hour of \
any day). Their emails use reserved example domains (example.invalid, example.org, \
example.net), which take no mail, so that no message can reach a real person: a \
deliverability check (a DNS or MX lookup) would refuse such requests; switch it off in \
the TEST environment or let the reserved domains through.

Core hours [NHSE]: 08:00 to 18:30 Europe/London, Monday to Friday, except bank holidays \
in England (gponline_sdk.models.CORE_HOURS); the next core-hours opening is 08:00 of the \
next working day (or of today, before 08:00 on a working day). Time is the tool's now: \
the test clock's instant while it is set. [SDK] Bank holidays are the SDK's own calendar \
(gponline_sdk.models.england_bank_holidays): England and Wales, computed from the Banking \
and Financial Dealings Act 1971 and its substitute-day custom, plus each one-off holiday \
proclaimed so far (the latest known: 8 May 2023). A holiday proclaimed later reaches the \
suite in a new SDK release; keep your own list as data you can update without a release.

Status codes: the success code each operation lists; 400 with an ErrorBody for input the \
request body's schema refuses, each problem naming its field by JSON path in `location`; \
404 for an unknown reference (a reference names a record only as the tool issued it, \
character for character: the same letters in another case, in a path, in_reply_to, \
about_request, follows_up or the thread parameter, are an unknown reference [SDK]; so is \
a look-alike, such as O for 0 or L for 1 (2.4.0 [SDK])); \
409 only from POST /requests, when closed; 413 for a body too large; 401 or 403 when \
the bearer token is refused. Never 5xx: (2.6.0 [SDK]) a number however far past its \
maximum (10**12, past 32 bits; 2**64, past 64 bits, which some JSON parsers read as a \
float) is a body the schema forbids like any other, and so is a value one digit past the \
most or one short of the least that a pattern counting digits allows (a phone's 10 to \
13 digits: 14, or 9). Which rule is MUST and \
which SHOULD: accepting (2xx) a body the schema forbids breaks the MUST of the operation \
that took it (OC-ACCESS-01, VC-SCHED-01, MSG-IN-01, MSG-OUT-01, CD-UPD-01, and from \
2.2.0 AV-RESP-01 for recordOutcome, whose kind is one of its list: [NHSE] the \
practice sees what was sent, the patient the outcome recorded; [SDK] a practice holding \
data the contract forbids cannot trust it); how the tool refuses (a 4xx whose ErrorBody \
names the field, never 5xx) is \
ROB-4XX-01, a SHOULD of the SDK's own: a WARN, never a failed build. [SDK] The body size \
limit behind 413 is the tool's: it SHOULD be at least 64 KiB; the largest body the suite \
sends expecting success is about 10 KB (a 10,000-character message), and it sends larger \
ones only as bodies that break a maxLength, where 413 is an accepted refusal. Behaviour \
the suite checks beyond the schemas is in each operation's description, labelled [NHSE] \
or [SDK].

HTTP and volume [SDK]. The suite sends a bearer token (Authorization: Bearer ...) when \
given one (--token or GPONLINE_TARGET_TOKEN) and no Authorization header otherwise. It \
sends one request at a time on one keep-alive connection, which the tool (or a proxy) may \
close whenever it is idle; it may open a new connection at any time (contract 2.2.0), and \
the test clock and everything the tool holds are the same on every connection. (2.7.0) \
Every body the operations send is labelled Content-Type: application/json. Once in a run \
(robustness.body-read-to-end, AV-CORE-01) the suite also sends POST /requests a one-line \
body labelled text/plain, application/x-www-form-urlencoded, application/xml and \
application/octet-stream in turn, each on a fresh connection and followed at once, on the \
same connection, by a valid request in core hours. The tool may take such a body as JSON, \
refuse it (400 or 415) or close the connection; but as HTTP/1.1 frames a body by its \
Content-Length (RFC 9112), a body it refuses must be read to its end, or the connection \
closed after the answer: a body left on the wire is read as the start of the next request \
(behind a proxy, another patient's), and that valid request must be taken (201). \
Answering the labelled body 5xx is a crash, not a refusal: ROB-4XX-01's warning. \
(2.10.0) JSON labelled with a parameter is JSON: a valid request labelled \
application/json; charset=utf-8, application/json;charset=UTF-8 or \
application/json; charset="utf-8" (as .NET and Spring clients label it; RFC 9110 makes \
parameter names and charset values case-insensitive and lets a value be quoted) must be \
taken like one labelled application/json (robustness.json-labels-taken, AV-CORE-01). A full \
run sends about 8,000 requests, most of them from \
the core-hours sweep (a test-clock setting and an availability read at each of about 870 \
instants), the no-cap check (over 1,000 requests on one test day) and the full-week usage \
check (over 1,000 in one test week), about 3,500 of them POST /requests, in seconds \
against a fast tool: a rate limit or \
firewall in front of the TEST environment must let them through, because a 429 (or any \
refusal) to POST /requests in core hours counts as a cap. A slow answer makes the run \
slow, not failed, unless it exceeds the run's read timeout (10 s by default) or 30 s in \
all.

Changes in 1.1.0: the schemas now state the lengths, patterns, ranges, formats and \
cross-field rules the suite's parser already applied (1.0.0 left most of them out), and \
the descriptions state what each field means and what the checks verify; phone numbers \
take ASCII digits only; the SDK's own rules (stricter rules a tool may apply, MUST versus \
SHOULD for bad input, body size, bank-holiday calendar, HTTP and volume) are written out. \
Changes in 1.2.0: a request's follows_up rule is in its schema (a follow_up names it, no \
other category does); an NHS number may be read back as sent or as its ten digits; the \
volume above is up to date. docs/contract-changes.md lists every change and the suite's \
check IDs."""

OPERATION_RULES = {
    "setTestClock": "Freeze the tool's now at `now`: every time-dependent answer (open_now, "
    "received_at, sent_at, submitted_at, respond_by, the usage data's weeks and, written out in "
    "2.3.0, its header's generated_at) uses it until the "
    "next PUT or DELETE. [SDK] Its scope (written out in 2.2.0): every later request on any "
    "connection, a new one included, until reset; never the connection, session or worker that "
    "took the PUT. The suite reads the clock's effect on new connections. "
    "[SDK] `frozen` in the body is ignored: a PUT always freezes and only "
    "DELETE releases. A frozen clock stands still: two answers at one frozen instant carry the "
    "same time. Test environments only; never in production.",
    "getAvailability": "[NHSE] open_now is true at every instant of core hours (clock-change "
    "weeks included) and false on bank holidays and outside core hours. [NHSE] In core hours a "
    "need the practice can handle is never sent to NHS 111: redirect_url is null, or (contract "
    "2.0.0) a signpost shown beside a form that still takes every request. "
    "[SDK] urgent_use_safeguard mentions 'urgent', 'emergency' or '999', open or closed (a "
    "SHOULD). [NHSE] symptom_checker_url links to the NHS symptom checker, NHS 111 online; "
    "[SDK] an https URL on 111.nhs.uk. When closed, "
    "next_opening is null or the next core-hours opening. [SDK] (2.3.0) Open at every instant "
    "means a closure of any length on any date is a breach; the suite's sweep finds any of 15 "
    "minutes or more on any weekday, of 6 minutes or more on one weekday only and of one "
    "minute on every working day, in every run, and probes calendar edges (29 February 2028, "
    "31 December, the first working day of a year) and the first half hour of the working day "
    "after its busiest day: what one day's load does to the next is a cap too.",
    "submitRequest": "[NHSE] In core hours: 201 for every category the tool declares in "
    "request_categories (clinical_request, administrative_request and seek_health_advice "
    "must be among them; describe_symptoms, ask_question and follow_up should be: a tool "
    "without one gets a warning, OC-CAT-02/03/04), whatever the number of "
    "requests (no cap per day, per category or per patient; [SDK] (2.3.0) nor in a time "
    "window of the day, such as the first or last half hour, nor on any value a request "
    "carries, such as its contact preference, nor for what the practice answered the "
    "patient's earlier requests: an outcome sending one request to NHS 111 or a pharmacy "
    "turns none of the patient's later requests away, and a request is not sent to NHS 111 "
    "for asking to be seen 'today', 'urgently' or 'asap'; (2.5.0) nor for carrying a photo, "
    "at any instant of core hours: a pause of the upload path is a closure; (2.6.0) nor for "
    "an earlier request of the same patient, such as a repeat medication query within days, "
    "nor for an NHS number the tool saw before under another family name; (2.12.0) nor on a "
    "day the calendar picks, such as the first working day after a bank holiday "
    "(availability.no-cap-after-holiday sends 360 requests on Tuesday 7 April 2026, after "
    "Easter), nor on the number of a day's photos (720 that day: a third party's daily "
    "quota spent is a cap), nor for having tried while the practice was closed (the suite's "
    "patients try the evening before and again at the opening)). [SDK] (2.6.0) "
    "Turned away means 409, 429 or 503: every POST /requests the suite sends in core hours, "
    "in a category the tool must take or declares, whichever check sends it, counts "
    "(availability.never-turned-away reads them all at the end of a run). (2.8.0) The core-hours "
    "sweep's requests state each contact preference in turn (phone, email, text_message, "
    "online, post; each with an email, a phone and an address), every preference at most 30 "
    "minutes apart in London time of day over the sweep's days and 45 in UTC: a second "
    "service on one preference's path (an SMS gateway, a print service) with a daily window "
    "inside core hours turns requests away. Outside core "
    "hours (bank holidays "
    "included): 409 with a ClosedResponse whose next_opening is the next core-hours opening, or, "
    "for a tool declaring out_of_hours 'accepts_for_next_working_day', 201 with respond_by no "
    "later than the next working day. On 201: received_at is the tool's now; [NHSE] respond_by "
    "is on the same Europe/London day when sent in core hours; [SDK] (worded in 2.3.0) two "
    "things are checked of respond_by: its Europe/London date (the same day) and, as the "
    "schema says, that it is not before received_at; any time from received_at to the end of "
    "that day passes; the SDK "
    "suggests 18:30, the end of core hours. [SDK] The message says when, in one of these "
    "English forms: respond_by's time (16:00, 4:00 or 16.00), its date (24 November, 24/11 "
    "or 2026-11-24), or 'today', 'tomorrow' or 'next working day'; other spellings ('4pm', "
    "'4.00pm', 'half past four', Welsh alone) are not recognised, so a bilingual message "
    "passes by its English. [SDK] (2.2.0) The message is the request's own: a date it names "
    "is respond_by's (the date to expect a response) or the day the request was received, in "
    "Europe/London, and a reference it names is its own; a message rendered once and given to "
    "later requests fails. [SDK] (2.3.0) A reference the message names is written exactly as "
    "the acknowledgement's reference: references are exact in case, so the same letters in "
    "another case or with other separators (spaces for hyphens) name another reference; "
    "(2.8.0) exactly means the same characters: a look-alike hyphen (U+2010, U+2011), a "
    "zero-width or no-break space inside it, or full-width letters and digits are a misquote. "
    "(2.10.0) Every acknowledgement the run receives with the test clock set is read for its "
    "dates, whichever check sent the request (response.ack-dates-anywhere): a date it names "
    "is respond_by's or the day received, and a year written with it is that date's calendar "
    "year (from 29 to 31 December, not the ISO week-based year of a 'YYYY' pattern). "
    "(2.12.0) Every such acknowledgement is also read for its reference, quoted exactly "
    "(not lower-cased or in groups of four for reading aloud) and for template syntax left "
    "unfilled ({1}, {nhs_number}) (response.ack-words-anywhere), and for respond_by's "
    "Europe/London date (response.same-day-anywhere): a proxy's request, one from a patient "
    "who prefers texts or the phone, a question about a medicine, each is answered the same "
    "day when sent in core hours (not at the pharmacist's next session). (2.13.0) Each says "
    "when, in English, as response.acknowledgement reads it (respond_by's London time or date "
    "in the digits 0 to 9, or 'today', 'tomorrow', 'next working day'), whatever script the "
    "description is written in: a message wholly in Arabic, Bengali or Chinese, with that "
    "script's own digits, may be added to but never replaces it (response.ack-words-anywhere). "
    "[SDK] in core hours the "
    "message does not point clinical requests to NHS 111 unless every request is told the "
    "same; (2.7.0) nor a child's request (any age to 17, administrative or clinical) unless "
    "an adult's administrative request is told the same: 111 offered to children only is a "
    "hand-over. (2.9.0) Every acknowledgement the run receives in core hours is read so, "
    "whichever check sent the request (availability.no-111-anywhere): a hand-over keyed on "
    "anything a request carries (a photo, a contact preference, a proxy, a category) fails "
    "unless the run's plain administrative requests are told the same. (2.10.0) Strong "
    "words about a minor need ('terrible', 'awful', 'can't cope' about eczema) are no "
    "reason to send it to NHS 111 (availability.no-111-any-script). 400 names each bad "
    "field (malformed JSON, a missing, unknown or ill-typed field, a "
    "follow_up without follows_up). (2.10.0) Unknown means any name the schema does not "
    "list, at any depth, whatever it starts with: an 'x-' or '_' key is no extension and is "
    "refused too; an enum value is exactly a member (part of one, such as 'mail' or 'phon', "
    "is refused). (2.11.0) The body is one JSON object (an array of bodies is refused); a "
    "field's name is exactly the schema's (the same name in another case, 'Category', or in "
    "camelCase, 'practiceCode', 'givenName', is an unknown field: refused); an empty string "
    "where a pattern or format is stated is off it (an empty nhs_number is refused, not read as "
    "none); maxLength counts Unicode code points, as JSON Schema does (letters with a "
    "combining accent count two each, however few characters a reader sees); any JSON "
    "spelling of the same text is that text (a character beyond U+FFFF escaped as a "
    "surrogate pair, '\\ud83d\\ude00', is the character). A proxy's request is taken for a "
    "patient of any age, 16 and 17 included, and with photos as the patient's would be. "
    "[SDK] The acknowledgement is read for NHS 111 in English and in Welsh ('GIG 111', "
    "'111 ar-lein', 'yn lle hynny': the suite sends a Welsh description); a follow-up of a "
    "request the practice signposted to NHS 111 is a request like any other, not sent there "
    "either. (2.11.0) A closed message's 'today', 'tomorrow' and 'the day after tomorrow' "
    "are London calendar days counted from the instant it answers: on a Saturday, "
    "'tomorrow' is Sunday, not Monday's opening. They are read where the message ties them "
    "to opening ('open again tomorrow', 'tomorrow at 08:00', 'from 08:00 tomorrow'), not "
    "elsewhere ('closed for today'). [SDK] Attachments carry metadata only "
    "(media_type, "
    "size_bytes, sha256), never the file: the practice must see each exactly as sent. For "
    "refusals by the tool's own stricter rules (unknown follows_up, another practice's code, "
    "a media type not accepted) see the conventions.",
    "getPracticeRequest": "[NHSE] The practice sees exactly what was sent: every field of the "
    "RequestSubmission, with the acknowledgement's reference and submitted_at equal to its "
    "received_at. (2.2.0) A later contact details update of the same patient (a new name, "
    "address, phone or email) changes no request already sent. (2.10.0) Exactly, whatever "
    "the text holds [SDK: the cases]: a line starting 'From ' or '.' (no mbox or SMTP "
    "escaping left in), a description starting with a line break (LF or CRLF), text speak "
    "(pls, 2moro) and emoticons (:-) as typed, not expanded or made emoji), words holding "
    "other words (Scunthorpe, Hancock: no filter masks them), the names Null and None, a "
    "proxy_name written 'Surname, Forename' (not reordered). (2.11.0) Medicines as the "
    "patient spelt them ('paracetemol', 'amlodapine': no spelling corrector), a request sent "
    "with every character beyond ASCII escaped (\\uXXXX), an empty address line kept in "
    "its place. (2.12.0) Health advice asked as a question ('Can I ...?', 'Is it safe ...?', "
    "'Should I ...?', 'How do I ...?') is a request like any other, found by its reference "
    "and in its category (no FAQ bot or intent classifier takes it); every address line in "
    "order, however many (the suite sends twelve: the tenth comes after the ninth). "
    "(2.12.0) [SDK] A reference names a request only whole: a prefix of it (the reference "
    "a character short, its first six characters) and the reference with a suffix ('.json', "
    "'.xml') name none (404), here and on the patient's status.",
    "recordOutcome": "[NHSE] The practice's triage outcome, recorded: 201 with the Outcome, "
    "request_reference the path's reference, kind as sent and recorded_at the tool's now (the "
    "test clock while set; compared to the second, any UTC offset). 404 for a reference no "
    "request has. (2.2.0) Every request the tool accepted can be given an outcome, follow-ups "
    "and proxies' requests included; a kind outside OutcomeKind's list is refused (400), and "
    "accepting one breaks AV-RESP-01. [SDK] A second outcome for the same request replaces "
    "the first: the status shows the latest recorded (kind, recorded_at, message). In 2.2.0 "
    "this is a SHOULD, not checked; it becomes a MUST, checked, in the next major release. "
    "[SDK] The suite records outcomes of several kinds, later the same day than "
    "the request. Deciding urgency and meeting the response times are the practice's duty, "
    "which it attests: the suite checks only that the outcome is recorded and shown.",
    "getRequestStatus": "[NHSE] The patient's view: reference, received_at and respond_by as in "
    "the request's Acknowledgement; outcome null until the practice records one (an automated "
    "acknowledgement is no outcome), then the recorded Outcome (kind as recorded, recorded_at "
    "the tool's now at recording) with message exactly as the practice sent it, (2.10.0) "
    "the kind whole, whichever it is (appointment_face_to_face has 24 characters). (2.13.0) "
    "[SDK] A written reply is not an outcome: a practice message about the request (its "
    "about_request) leaves the outcome null until the practice records one; the suite has "
    "the practice write to the patient before each triage and reads the status in between "
    "(response.outcome-shown). 404 for a "
    "reference no request has. (2.2.0) Every request the tool accepted has a status, "
    "follow-ups and proxies' requests included, and each shows its own outcome only: one "
    "recorded for a request never shows on another (the same patient's other requests, its "
    "follow-ups, the request it follows up). (2.3.0) An outcome recorded later, for a "
    "follow-up or a proxy's request, changes no outcome already recorded for another request. "
    "The message is shown whole, up to the schema's 2,000 characters, (2.12.0) braces and "
    "all: '{{signature}}' in it is text, never filled in or removed by a mail-merge. [SDK, "
    "our own: the "
    "contract sets no end] A status stays readable (200, with its outcome) for at least 90 days "
    "after the request was received; the suite reads it again 91 days on ((2.12.0) worded: "
    "so keep it more than 90 days; one kept exactly 90 fails there).",
    "scheduleVideoSession": "201 with status 'scheduled', scheduled_start and duration_minutes "
    "as requested. 400 for what the schemas refuse (a practice code not of the ODS shape, a "
    "date-time without offset) and for a duration outside 1 to 240 minutes. [SDK] The suite "
    "schedules sessions starting at the tool's now or later, at any hour of any day (Sunday "
    "23:59 and Monday 00:00 included): accept those; the tool MAY refuse a start before its "
    "now (400, $.scheduled_start). (2.5.0) A start is an instant at a clock change too: in "
    "the autumn change's repeated hour one London wall-clock time is two instants an hour "
    "apart (01:30 BST and 01:30 GMT on 25 October 2026), two sessions, each kept as sent; the "
    "suite books both and the instants either side of the spring change's gap. (2.11.0) A "
    "start written with the offset -00:00 (RFC 3339: UTC, the local offset unknown; the "
    "schema's pattern allows it) is the same instant as with Z, and is taken.",
    "getVideoSession": "The session, equal to the 201 answer that scheduled it (until joined). "
    "[SDK] (2.3.0) A session is read at any later time, after its booked end included (a "
    "second, a day, weeks after): 200, with reference, practice_code, scheduled_start and "
    "duration_minutes as booked, never 404; its status then is the tool's own (a no-show may "
    "be 'did_not_attend'). (2.12.0) Its reference with '.json' or '.xml' after it, or a "
    "character short, names no session (404), here and for a join.",
    "joinVideoSession": "join_url is an https:// URL; once the patient and the professional "
    "have both joined, status is 'in_progress'; (2.3.0) not before: one side's join alone, "
    "either side, leaves the join answer's status and a read 'scheduled' [SDK]; (2.10.0) a "
    "participant joining again once both have joined (a dropped call) leaves it "
    "'in_progress' in the answer and a read [SDK]. (2.11.0) A participant who joined stays "
    "joined (the contract has no heartbeat and no leave): the suite's professional joins 2 "
    "min 30 s after the patient, and the session is then in progress; started_at is null "
    "while one side alone has joined and, once both have, the instant the second joined (to "
    "the second) [SDK]. (2.12.0) One side joining twice (a double tap, a reconnect) is still "
    "one side: the patient's second join before the professional's leaves the session "
    "'scheduled' [SDK]. [SDK] The "
    "suite joins at scheduled_start or minutes after it "
    "(the test clock set to the instant). A join window is the tool's own: it MAY refuse a "
    "join outside it with a 4xx and an ErrorBody, as long as the window includes "
    "scheduled_start ((2.11.0) and the five minutes after it), "
    "whatever the date: (2.5.0) the suite joins a session starting 00:20 BST, the day "
    "before in UTC, at its start, and it must be in progress once both have joined. The "
    "contract has no end, leave or cancel call: 'completed', 'cancelled' and the other "
    "statuses come from the tool's own workings, and the suite checks none of them.",
    "sendMessage": "[NHSE] Either direction. 201 with direction, body and in_reply_to exactly "
    "as sent and sent_at equal to the tool's now; 404 when in_reply_to names no message. "
    "(2.3.0) A request's, session's or contact update's reference names no message (404); a "
    "reply to a message of any age is taken (no conversation closes) [SDK]. (2.4.0) sent_at "
    "is the tool's now at any hour, either side: a message sent in the evening, at night or "
    "at a weekend is not stamped with a later delivery time (quiet hours) [SDK]. (2.10.0) "
    "Exactly as sent means a line starting '.' or 'From ' and emoticons (:) ;) <3) too. "
    "(2.11.0) about_request names a request: a contact update's or a video session's "
    "reference names none, and is refused (4xx). A proxy's requester is kept as sent, also "
    "when another proxy of the same name wrote before with another relationship. (2.12.0) "
    "A body of one character, '0', is a message like any other, either direction; lines "
    "starting with '>' (quoted text, after spaces too) are part of the body, kept; a "
    "practice reply about a request the practice has just read is taken (reading a request "
    "locks nothing: the suite reads each before replying).",
    "getMessageThread": "`thread` is the reference of the thread's first message. Every message "
    "of the thread, replies to replies included, both directions, oldest first by sent_at. "
    "(2.3.0) Every one, however many (no paging), and however old; (2.10.0) however large "
    "(channels.message-thread-large reads 28 messages of 10,000 characters, over 256 KB); "
    "(2.11.0) however deep (channels.message-thread-deep: 60 messages, each replying to the "
    "one before), and ordered by sent_at as instants: messages within one second, at a whole "
    "second and at fractions of it, oldest first whatever the text of their sent_at. "
    "[SDK] `thread` given a "
    "reply's reference (a message, not the first of its thread): the tool MAY answer 404 or "
    "the thread holding it (thread then the first message's reference); the suite reads a "
    "thread by its first message only. [SDK] (2.7.0) Only the thread's messages: not those "
    "of another thread, even one about the same request (about_request) or the same "
    "patient.",
    "updateContactDetails": "[NHSE] 201 with submitted_at equal to the tool's now.",
    "getPracticeContactDetails": "The patient and contact details exactly as sent. [SDK] "
    "(2.10.0) A date of birth of 1 January 1900 is a date (not a sentinel for none); a last "
    "address line shaped like a postcode, in an update without a postcode, stays the last "
    "address line. (2.11.0) An empty address line stays in its place. (2.12.0) Every line "
    "in order, however many (twelve: the tenth after the ninth); a contact update's "
    "reference with '.json' or '.xml' after it, or a character short, names none (404).",
    "getUsage": "[NHSE] The week's anonymised records as the tool would send them: one OcRecord "
    "per request received in the ISO week (by the Europe/London date of submitted_at, out of "
    "core hours and bank holidays included), one VcRecord per session scheduled to start in "
    "it, by the Europe/London date of scheduled_start ((2.10.0) whatever its start's "
    "fraction of a second: the suite books some at fractions of 1 to 6 digits). [SDK] A "
    "session cancelled or not "
    "attended still has its record, with that status (the suite creates none, so this is not "
    "checked); the duration of a held session is not checked either: the suite cannot end one. "
    "[SDK] request_type follows the category (OcRecord.request_type); record IDs are keyed "
    "pseudonyms, unique in the week and the same at every read ((2.10.0) a week of over a "
    "thousand records is read twice in a row: an ID kept in a bounded cache is made anew; "
    "(2.11.0) an HMAC key left as an unexpanded placeholder, '${PSEUDONYM_KEY}', "
    "'$HMAC_KEY', '{{SECRET_KEY}}', is no secret: the suite tries them; (2.13.0) nor is the "
    "reference itself (in any case) as the key of its own record's HMAC, alone or framed "
    "with the supplier ID, practice code or data type: everyone holding the reference has "
    "it); (2.11.0) a "
    "follow-up is a record of the week it was sent in, whenever the request it follows was; "
    "(2.12.0) a session of any length is a record, 1 to 9 minutes included (no call is "
    "dropped as a test call), with its duration as booked; a record ID drawn from a "
    "generator seeded with a fixed number (random.Random(42) in a test fixture) is one "
    "anyone can list: the suite looks for the first 16,384 draws of Python's generator "
    "under 16 common seeds; "
    "no name, NHS number, contact "
    "detail, date of birth, free text or tool reference anywhere in the answer; the header "
    "names the test environment's supplier_id, the data_type and the week; the file passes "
    "the national pipeline's file and record rules (gponline_sdk.reporting.validate).",
}
"""Each operation's behaviour beyond its schemas, by operationId."""
