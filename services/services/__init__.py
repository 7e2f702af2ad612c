"""Every write of convenience services: the request and its agreement (``request``); the
dispatch, the work done, the owner's acceptance, the fee and cancelling (``flow``)."""

from .flow import (
    department_staff,
    service_accept,
    service_cancel,
    service_charge,
    service_dispatch,
    service_done,
    service_reject,
)
from .request import Agreement, Terms, agreement_record, check_slot, hours_of, service_request_take

__all__ = [
    "Agreement",
    "Terms",
    "agreement_record",
    "check_slot",
    "department_staff",
    "hours_of",
    "service_accept",
    "service_cancel",
    "service_charge",
    "service_dispatch",
    "service_done",
    "service_reject",
    "service_request_take",
]
