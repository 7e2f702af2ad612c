"""The desk's template filters."""

import datetime
import zoneinfo

import pytest

from frontdesk.templatetags.desk import deadline


@pytest.mark.parametrize(
    ("local", "format", "shown"),
    [
        ((2026, 6, 1, 0, 0), "Y-m-d H:i", "2026-05-31 24:00"),  # the end of 31 May
        ((2026, 6, 1, 0, 0), "Y-m-d", "2026-05-31"),
        ((2027, 1, 1, 0, 0), "m-d H:i", "12-31 24:00"),
        ((2026, 6, 1, 0, 1), "Y-m-d H:i", "2026-06-01 00:01"),
        ((2026, 6, 1, 17, 30), "Y-m-d", "2026-06-01"),
    ],
)
def test_a_deadline_at_midnight_is_the_end_of_the_day_before(local, format, shown):
    value = datetime.datetime(*local, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert deadline(value.astimezone(datetime.UTC), format) == shown
    assert deadline(None) == ""
