"""The choices of a work order: what other apps name (a category, a source, a status) without
reading the work-order tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPAIR = "repair", _("Owner repair order")
    ENGINEERING = "engineering", _("Engineering order")
    COORDINATION = "coordination", _("Internal coordination sheet")


class Category(models.TextChoices):
    SAFETY_FACILITY = "safety_facility", _("Safety facility")
    HOUSE_LEAKAGE = "house_leakage", _("House leakage")
    PLUMBING = "plumbing", _("Plumbing")
    ELECTRICAL = "electrical", _("Electrical")
    CIVIL = "civil", _("Civil works & decoration")
    PUBLIC_FACILITY = "public_facility", _("Public facility")
    LIFT = "lift", _("Lift")
    CLEANING = "cleaning", _("Cleaning")
    GREENING = "greening", _("Greening")
    SECURITY = "security", _("Security")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    DESK = "desk", _("Front desk")
    PHONE_CALL = "phone_call", _("Phone call")
    CHECKIN = "checkin", _("Check-in acceptance")
    COMPLAINT = "complaint", _("Complaint")
    INSPECTION = "inspection", _("Inspection")
    SERVICE = "service", _("Convenience service")
    REVISIT = "revisit", _("Return-visit rectification")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    DISPATCHED = "dispatched", _("Dispatched")
    SIGNED = "signed", _("Signed for")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    VERIFIED = "verified", _("Verified")
    BOOKED = "booked", _("Re-inspection booked")
    OWNER_CONFIRMED = "owner_confirmed", _("Confirmed by the owner")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Not yet done: counted as overdue once their due time has passed.
ACTIVE_STATUSES = (
    Status.OPEN,
    Status.DISPATCHED,
    Status.SIGNED,
    Status.IN_PROGRESS,
)
# A department's work: dispatched to it and not yet completed.
DEPARTMENT_STATUSES = (Status.DISPATCHED, Status.SIGNED, Status.IN_PROGRESS)
# Waiting for the desk: a re-inspection to book, or the owner's signature to record.
OWNER_STATUSES = (Status.VERIFIED, Status.BOOKED)
FINAL_STATUSES = (Status.CLOSED, Status.CANCELLED)

# Hours allowed per category when the estate has set none.
DEFAULT_SLA_HOURS: dict[str, int] = {
    Category.SAFETY_FACILITY: 24,
    Category.HOUSE_LEAKAGE: 72,
    Category.PLUMBING: 24,
    Category.ELECTRICAL: 24,
    Category.CIVIL: 120,
    Category.PUBLIC_FACILITY: 72,
    Category.LIFT: 4,
    Category.CLEANING: 24,
    Category.GREENING: 72,
    Category.SECURITY: 24,
    Category.OTHER: 72,
}
