"""Every write on complaints, by topic: recording (``record``), the verdict (``verdict``), the
procedures' steps and the help-seeking work order (``procedure``), closing (``closing``) and
the escalation sweep (``escalation``). Each runs in one transaction on the complaint's locked
row, checks the actor's estate and role, logs the step (who, when) and simple-history on the
complaint, and changes nothing when it refuses. The return visit is in ``complaints.revisit``.
"""

from .closing import complaint_close
from .escalation import complaint_escalate, escalation_sweep
from .procedure import (
    arrears_snapshot,
    complaint_check_payment,
    complaint_confirm_identity,
    complaint_handle,
    complaint_notify,
    complaint_open_work_order,
    complaint_site_visit,
    complaints_order_completed,
)
from .record import complaint_from_call, complaint_record
from .verdict import (
    complaint_assign,
    complaint_change_verdict,
    complaint_judge,
    complaint_mark_mishandled,
)

__all__ = [
    "arrears_snapshot",
    "complaint_assign",
    "complaint_change_verdict",
    "complaint_check_payment",
    "complaint_close",
    "complaint_confirm_identity",
    "complaint_escalate",
    "complaint_from_call",
    "complaint_handle",
    "complaint_judge",
    "complaint_mark_mishandled",
    "complaint_notify",
    "complaint_open_work_order",
    "complaint_record",
    "complaint_site_visit",
    "complaints_order_completed",
    "escalation_sweep",
]
