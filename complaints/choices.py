"""The complaints' choices: channels, verdicts, causes, the two procedures and their steps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class ComplainantKind(models.TextChoices):
    OWNER = "owner", _("Owner")
    RESIDENT = "resident", _("Resident")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    ORDINARY = "ordinary", _("Ordinary")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Not yet judged")
    EFFECTIVE = "effective", _("Effective complaint")
    COMMUNICATION = "communication", _("Communication complaint")
    INVALID = "invalid", _("Invalid complaint")


class Cause(models.TextChoices):
    # effective: the seed's dereliction of duty / violations, arbitrary charges, equipment
    CLEANING = "cleaning", _("Cleaning")
    VEHICLES = "vehicles", _("Vehicle management")
    SECURITY = "security", _("Security service")
    GREENING = "greening", _("Greening service")
    SERVICE = "service", _("Other management service")
    CHARGES = "charges", _("Arbitrary charges")
    EQUIPMENT = "equipment", _("Equipment and facility maintenance")
    # communication
    HELP = "help", _("Help-seeking")
    CONSULTING = "consulting", _("Consulting")
    VENTING = "venting", _("Venting")


EFFECTIVE_CAUSES = (
    Cause.CLEANING,
    Cause.VEHICLES,
    Cause.SECURITY,
    Cause.GREENING,
    Cause.SERVICE,
    Cause.CHARGES,
    Cause.EQUIPMENT,
)
COMMUNICATION_CAUSES = (Cause.HELP, Cause.CONSULTING, Cause.VENTING)
CAUSES_OF: dict[str, tuple[str, ...]] = {
    Verdict.EFFECTIVE: EFFECTIVE_CAUSES,
    Verdict.COMMUNICATION: COMMUNICATION_CAUSES,
}

# The department kind (frontdesk.Department.Kind) a cause goes to when the estate has not
# set its own (``CauseDepartment``).
DEFAULT_DEPARTMENT_KIND: dict[str, str] = {
    Cause.CLEANING: "cleaning",
    Cause.VEHICLES: "security",
    Cause.SECURITY: "security",
    Cause.GREENING: "greening",
    Cause.SERVICE: "customer_service",
    Cause.CHARGES: "finance",
    Cause.EQUIPMENT: "engineering",
    Cause.HELP: "engineering",
    Cause.CONSULTING: "customer_service",
    Cause.VENTING: "customer_service",
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    WAITING_ORDER = "waiting_order", _("Waiting for the work order")
    HANDLED = "handled", _("Awaiting the return visit")
    CLOSED = "closed", _("Case closed")
    INVALID = "invalid", _("Closed as invalid")


OPEN_STATUSES = (Status.RECEIVED, Status.HANDLING, Status.WAITING_ORDER, Status.HANDLED)
# Still being worked on: the resolve clock runs.
UNRESOLVED_STATUSES = (Status.RECEIVED, Status.HANDLING, Status.WAITING_ORDER)


class Step(models.TextChoices):
    RECORD = "record", _("Complaint recorded")
    NATURE = "nature", _("Nature judged")
    DEPARTMENT = "department", _("Responsible department judged")
    SITE_VISIT = "site_visit", _("Department head taken to the site")
    HANDLE = "handle", _("Department head handled it")
    IDENTITY = "identity", _("Identity confirmed")
    PAYMENT = "payment", _("Payment status checked")
    NOTIFY = "notify", _("Departments notified or reply given")
    RETURN_VISIT = "return_visit", _("Return visit")
    # Events of the log that are not steps of a procedure.
    VERDICT_CHANGED = "verdict_changed", _("Verdict changed")
    WORK_ORDER = "work_order", _("Work order opened")
    ESCALATED = "escalated", _("Escalated")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


# The seed's two procedures, in order.
EFFECTIVE_STEPS = (
    Step.RECORD,
    Step.NATURE,
    Step.DEPARTMENT,
    Step.SITE_VISIT,
    Step.HANDLE,
    Step.RETURN_VISIT,
)
COMMUNICATION_STEPS = (
    Step.RECORD,
    Step.NATURE,
    Step.IDENTITY,
    Step.PAYMENT,
    Step.NOTIFY,
    Step.RETURN_VISIT,
)
PROCEDURES: dict[str, tuple[str, ...]] = {
    Verdict.EFFECTIVE: EFFECTIVE_STEPS,
    Verdict.COMMUNICATION: COMMUNICATION_STEPS,
}
# Steps done again after a dissatisfied return visit reopens the complaint.
ROUND_STEPS = (Step.SITE_VISIT, Step.HANDLE, Step.NOTIFY, Step.RETURN_VISIT)


class VisitResult(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    # Three tries failed and a CS supervisor signed it off (the return-visit engine's rule).
    NOT_REACHED = "not_reached", _("Not reached, signed off")


# The results that complete the return-visit step (a dissatisfied one reopens the complaint).
VISIT_DONE_RESULTS = (VisitResult.SATISFIED, VisitResult.NOT_REACHED)


class Escalation(models.IntegerChoices):
    DESK = 0, _("Desk")
    SUPERVISOR = 1, _("Customer-service supervisor")
    DIRECTOR = 2, _("Director")


# The published practice: urgent — respond in 2 hours, resolve in 24 hours; ordinary —
# respond in 48 hours, resolve in 7 working days.
DEFAULT_CLOCKS: dict[str, dict[str, int]] = {
    Severity.URGENT: {"respond_hours": 2, "resolve_hours": 24, "resolve_working_days": 0},
    Severity.ORDINARY: {"respond_hours": 48, "resolve_hours": 0, "resolve_working_days": 7},
}

NO_PROMISE_REMINDER = _(
    "Listen and record; do not make promises to the owner that the office cannot keep "
    "(no dates, amounts or outcomes before the responsible department has judged)."
)
