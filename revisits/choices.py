"""The choices of a return visit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    WORK_ORDER = "work_order", _("Work order")
    COMPLAINT = "complaint", _("Complaint")
    PLAN = "plan", _("Visit plan")
    SERVICE = "service", _("Convenience service")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    EXEMPTED = "exempted", _("Exempted")


OPEN_STATUSES = (Status.PENDING, Status.DUE_SOON, Status.OVERDUE)
CLOSED_STATUSES = (Status.DONE, Status.EXEMPTED)


class Channel(models.TextChoices):
    HOME = "home", _("At home")
    PHONE = "phone", _("By phone")


class AttemptResult(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    REFUSED = "refused", _("Refused")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


FAILED_RESULTS = (AttemptResult.NO_ANSWER, AttemptResult.REFUSED, AttemptResult.WRONG_NUMBER)


class Result(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    NOT_REACHED = "not_reached", _("Not reached")


class CountedFrom(models.TextChoices):
    COMPLETION = "completion", _("The completion of the repair")
    LEAK_TEST = "leak_test", _("The leak test")
