"""Who may do what with money. The services check these themselves (``check_actor``), the
views check the same sets before they call them, and the desk shows its entries by them.

- Money changes hands at the cashier's desk: a cashier, or the customer-service supervisor
  who stands in, takes a payment, settles charges from a prepaid balance and asks for a
  reversal (``PAY_ROLES``).
- A reversal or a waiver gives money back or forgoes it: a second person above the cashier
  decides (``APPROVE_ROLES``), never the one who asked.
- A one-off charge is made at the desk (cashier, supervisor), or by the engineering
  department when it completes a paid repair: work orders charge through fees with the
  technician or head who completed the order (``CHARGE_ROLES``).
- The property fee due at move-in is charged by whoever runs the move-in case: check-in calls
  ``property_fee_advance`` with its receptionist or supervisor (``ADVANCE_ROLES``).
- An outside payer's charges made when a lease is signed, cycled or settled (its site
  management fee, its rent, its settlement) are charged by whoever signs or settles the lease
  at the desk (``PAYER_CHARGE_ROLES``); the scheduled rent cycle runs as the system.
- Billing a month for a whole estate is the supervisor's or the director's (``BILLING_ROLES``).
- A refundable deposit (a renovation's, a lessee's) is demanded at the desk by whoever arranges
  the works or the lease, and paid like any charge (``DEPOSIT_ROLES``); settling it — the
  deductions and the refund — is a CS supervisor's (``DEPOSIT_SETTLE_ROLES``); the desk and
  the director read deposits (``DEPOSIT_VIEW_ROLES``).
- Arrears, payment notices and collection (催缴) are desk work: receptionists, cashiers,
  supervisors, the director (``ARREARS_ROLES``, ``COLLECTION_ROLES``); the collection-rate
  report is for the supervisor and the director (``REPORT_ROLES``).

A page about one row (a unit, a charge, a payment, a reversal request) looks the row up in
the user's estates before it asks for the role (``fees.views.access.row_required``): another
estate's row is a 404 whatever the role, a role without the work a 403 inside the estate.
"""

from frontdesk import roles

# Take a payment, apply a prepaid balance, ask for a reversal.
PAY_ROLES = (roles.CASHIER, roles.CS_SUPERVISOR)
# Approve or refuse a reversal, waive a charge.
APPROVE_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
# Make a one-off charge: at the desk, or on completing a paid repair (work orders).
CHARGE_ROLES = (roles.CASHIER, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
# Charge the property fee due at move-in (check-in's case handlers, and the cashier).
ADVANCE_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR)
# Charge an outside payer (a lessee) at the signing or settlement of a lease.
PAYER_CHARGE_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR)
# Bill a month of property fees for an estate.
BILLING_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
# See a unit's fees in its dossier, and open (and reprint) its receipts.
SECTION_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR)
VIEW_ROLES = SECTION_ROLES
# The arrears list, its export and the payment notices.
ARREARS_ROLES = (roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR, roles.RECEPTIONIST)
# The monthly collection-rate report.
REPORT_ROLES = (roles.DIRECTOR, roles.CS_SUPERVISOR)
# Record a collection attempt, see the follow-ups due.
COLLECTION_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR)
# The today panel of collection follow-ups due (the director reads the report instead).
PANEL_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR)
# Told every morning how many collection follow-ups are due in their estate.
FOLLOW_UP_NOTICE_ROLES = (roles.CS_SUPERVISOR,)
# Refundable deposits: demand one; settle it (deductions and refund); read them.
DEPOSIT_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR)
DEPOSIT_SETTLE_ROLES = (roles.CS_SUPERVISOR,)
DEPOSIT_VIEW_ROLES = (*DEPOSIT_ROLES, roles.DIRECTOR)
