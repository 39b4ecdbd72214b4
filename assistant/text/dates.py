"""Dates as the articles and the filters read them: ISO 8601 text, and a day number."""
from __future__ import annotations

from datetime import date, datetime


def parse_date(value) -> str | None:
    """ISO 8601 date (or date-time when a time is given) from a string or number; None if
    it cannot be read."""
    if value in (None, ""):
        return None
    from dateutil import parser as dateparser

    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # Epoch seconds (or milliseconds, when too large for seconds).
            seconds = value / 1000 if value > 1e11 else value
            return datetime.utcfromtimestamp(seconds).isoformat(timespec="seconds")
        parsed = dateparser.parse(str(value))
    except (ValueError, OverflowError, OSError):
        return None
    if parsed.time() == datetime.min.time() and parsed.tzinfo is None:
        return date(parsed.year, parsed.month, parsed.day).isoformat()
    return parsed.isoformat()


def day_number(iso: str | None) -> int:
    """2025-03-12... -> 20250312 (a store compares numbers, not strings); 0 when unknown."""
    if not iso or len(iso) < 10:
        return 0
    try:
        return int(iso[:10].replace("-", ""))
    except ValueError:
        return 0
