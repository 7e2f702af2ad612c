"""Who works with leasing (租赁).

R receptionist, S CS supervisor, H department head, T technician, C cashier, D director,
G security guard:

    lists (spaces, contracts, expiring, in arrears), a space, a lessee, a negotiation,
      a contract, its summary (PDF) ................................................. R S C D
    register a space or a lessee, open a negotiation, log a contact, drop it ......... R S
    sign a contract (charges the site management fee, demands the deposit),
      renew it, upload the signed scans ............................................. R S
    the scans of the signed contract ................................................. R S D
    terminate early with the settlement ................................................ S
    take a payment of the lessee's charges (rent, site fee, deposit) ................... C S
    supervision records of leased spaces, and their rectification ................. S H T
    the owners' income ledger, its yearly statement (PDF, Excel) ....................... S D
    costs and allocations of the ledger, cost categories (admin) ....................... S D

A technician sees a contract's facts only through the supervision page; a guard sees nothing
of leasing. Another estate's space, lessee, contract or file is a 404 for everyone. The
services check these sets themselves (``frontdesk.permissions.check_actor``); the pages check
the same sets (403). Lessees are outside payers in ``fees``: their money is taken only there.
"""

from frontdesk import roles

VIEW_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.CASHIER, roles.DIRECTOR)
DESK_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SCAN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)
TERMINATE_ROLES = (roles.CS_SUPERVISOR,)
PAY_ROLES = (roles.CASHIER, roles.CS_SUPERVISOR)
SUPERVISE_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
LEDGER_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
# Told when a contract ends in 90 or 30 days; the desk's today panel shows the same.
REMINDER_ROLES = (roles.CS_SUPERVISOR,)
PANEL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
