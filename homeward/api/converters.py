"""Record ids in API paths: any segment reaches the view, which answers 404 (as problem+json)
for one that is not a record id, rather than the site's HTML 404 for an unmatched URL."""

from __future__ import annotations


class RecordId:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)
