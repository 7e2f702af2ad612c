"""Who works with the owner questionnaire (业主满意度调查).

| what | receptionist | CS supervisor | director | others |
|---|---|---|---|---|
| list, a questionnaire's page, its paper forms | yes | yes | yes | no |
| enter a household's answers, the find page (quick action) | yes | yes | no | no |
| open, close, copy last year's | no | yes | no | no |
| the report and its PDF | no | yes | yes | no |

Questions and choices are edited in the admin by the CS supervisor while the questionnaire is
a draft. Every write service calls ``frontdesk.permissions.check_actor`` with these sets; the
pages check the same sets (403), and another estate's questionnaire is a 404.
"""

from frontdesk import roles

ENTER_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
MANAGE_ROLES = (roles.CS_SUPERVISOR,)
VIEW_ROLES = (*ENTER_ROLES, roles.DIRECTOR)
REPORT_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
