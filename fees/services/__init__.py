"""Every write that touches money, by topic. Each runs in one transaction, checks its actor's
estate and role itself (``frontdesk.permissions.check_actor`` with ``fees.permissions``),
locks what two cashiers could touch at once, and leaves nothing behind when it refuses.

Other apps import from here (``from fees.services import payment_take``)."""

from .amounts import parse_amount
from .billing import (
    BILLING_JOB,
    BillingResult,
    billing_job_run,
    billing_job_start,
    billing_run,
    property_fee_advance,
    property_fee_in_force,
    rates_on,
)
from .charges import charge_create, charge_waive
from .collection import ATTEMPT_FIELDS, collection_attempt_record
from .deposits import DeductionInput, deposit_cancel, deposit_require, deposit_settle
from .notices import notices_job_start
from .payer import PayerChargeLine, payer_charges_bill, payer_payment_take
from .payments import PaymentPreview, credit_apply, payment_preview, payment_take
from .reversals import reversal_approve, reversal_refuse, reversal_request
from .summary import arrears_snapshot_build

__all__ = [
    "ATTEMPT_FIELDS",
    "BILLING_JOB",
    "BillingResult",
    "DeductionInput",
    "PayerChargeLine",
    "PaymentPreview",
    "arrears_snapshot_build",
    "billing_job_run",
    "billing_job_start",
    "billing_run",
    "charge_create",
    "charge_waive",
    "collection_attempt_record",
    "credit_apply",
    "deposit_cancel",
    "deposit_require",
    "deposit_settle",
    "notices_job_start",
    "parse_amount",
    "payer_charges_bill",
    "payer_payment_take",
    "payment_preview",
    "payment_take",
    "property_fee_advance",
    "property_fee_in_force",
    "rates_on",
    "reversal_approve",
    "reversal_refuse",
    "reversal_request",
]
