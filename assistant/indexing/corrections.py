"""Corrections a person makes to an article's date and publisher.

Files often carry no date, or a wrong one (a crawl date, an update stamp), and a feed may
name its aggregator as the publisher. A correction is kept on the article's record and
wins over what its file says, in this index and after every re-index of the file.
"""
from __future__ import annotations

from assistant.errors import AssistantError
from assistant.text.dates import typed_date


def checked(source: str, date: str | None = None, publisher: str | None = None) -> dict:
    """The corrections asked for, checked: None leaves a field as it is, "" clears it.

    :raises AssistantError: nothing to correct, or a date that cannot be read (naming the
        article and the field).
    """
    values: dict[str, str] = {}
    if date is not None:
        try:
            values["date"] = typed_date(date.strip(), "date") or ""
        except AssistantError as exc:
            raise AssistantError(f"{source}: {exc}") from None
    if publisher is not None:
        values["source_name"] = " ".join(publisher.split())
    if not values:
        raise AssistantError(f"{source}: give a date or a publisher to set")
    return values
