"""Consultation requests (group `requests`): what the practice sees is what was sent.

- `content`: each category and field round trip, follow-ups, photos in order;
- `text`: free text at every length the contract allows, and the NHS number's layouts;
- `wire_types`: every field refuses a value of the wrong JSON type;
- `rare`: rare forms of each value, and photos in every category;
- `people`: proxies in their own words, dates of birth judged by the test clock.

Importing the package registers their checks.
"""

from gponline_sdk.conformance.checks.requests import content, people, rare, text, wire_types

__all__ = ["content", "people", "rare", "text", "wire_types"]
