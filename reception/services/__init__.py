"""Every write of the phone log (``calls``) and the visitor log (``visits``). Each checks the
actor's estate and role itself (``frontdesk.permissions.check_actor``), runs in one
transaction, validates before saving, keeps history, and notifies departments only once the
change is committed."""

from .base import department_people
from .calls import call_convert, call_record, call_reply, call_route, call_used_message
from .visits import visit_depart, visit_id_reveal, visit_record, visit_used_message

__all__ = [
    "call_convert",
    "call_record",
    "call_reply",
    "call_route",
    "call_used_message",
    "department_people",
    "visit_depart",
    "visit_id_reveal",
    "visit_record",
    "visit_used_message",
]
