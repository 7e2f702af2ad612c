"""Payment notices of a whole arrears list, printed by a background job."""

import datetime

from django.utils.translation import gettext as _

from frontdesk.jobs import job_start
from frontdesk.models import Job
from frontdesk.permissions import check_actor

from .. import permissions
from ..notices import JOB_KIND


def notices_job_start(
    *, actor, estates: list, filters: dict, as_of: datetime.date, count: int, language: str
) -> Job:
    """Queue the notices of the arrears list ``filters`` picks among ``estates`` (the desk's),
    ``count`` units as the list counted them; the job page shows progress and the PDF."""
    for estate in estates:
        check_actor(
            actor,
            estate_id=estate.pk,
            roles=permissions.ARREARS_ROLES,
            message=_("Your role may not print payment notices."),
        )
    return job_start(
        actor=actor,
        kind=JOB_KIND,
        title=_("Payment notices for %(n)s units") % {"n": count},
        estate=estates[0] if len(estates) == 1 else None,
        params={
            "filters": filters,
            "estate_ids": [estate.pk for estate in estates],
            "as_of": as_of.isoformat(),
            "language": language,
        },
    )
