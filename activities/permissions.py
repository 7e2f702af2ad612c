"""Who works with community activities (社区文化).

R receptionist, S CS supervisor, H department head, D director:

    facilities, their calendar, bookings, posts ........................ R S H D
    book a facility for a household, check in, no-show, cancel ........... R S
    approve a booking (facilities that need approval) ...................... S
    record a post on a board, its replacement .............................. R S
    activity plans: read, their PDFs, the archive and its gallery ........ R S H D
    draw up a plan, sign-ups, attendance, summary, archive uploads ........... R S
    approve a plan (the management office) ................................. S D
    acknowledge a layout task: the department asked (its head or a member)

Another estate's facility or booking is a 404 for everyone. The services check these sets
themselves (``frontdesk.permissions.check_actor``).
"""

from frontdesk import roles

VIEW_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.DIRECTOR)
BOOK_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
APPROVE_ROLES = (roles.CS_SUPERVISOR,)
POST_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
PLAN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
APPROVE_PLAN_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
