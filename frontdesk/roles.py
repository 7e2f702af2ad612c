"""The desk's roles. Each is a Django group created by a migration; names are stable keys."""

from django.utils.translation import gettext_lazy as _

RECEPTIONIST = "Receptionist"
CS_SUPERVISOR = "CS Supervisor"
DEPARTMENT_HEAD = "Department Head"
TECHNICIAN = "Technician"
CASHIER = "Cashier"
DIRECTOR = "Director"
SECURITY_GUARD = "Security Guard"

ROLE_LABELS = {
    RECEPTIONIST: _("Receptionist"),
    CS_SUPERVISOR: _("Customer-service supervisor"),
    DEPARTMENT_HEAD: _("Department head"),
    TECHNICIAN: _("Technician"),
    CASHIER: _("Cashier"),
    DIRECTOR: _("Director"),
    SECURITY_GUARD: _("Security guard"),
}
ALL_ROLES = tuple(ROLE_LABELS)

# Model permissions each role gets in the admin, as "app_label.codename".
_OWNER_MODELS = (
    "estate",
    "building",
    "unit",
    "owner",
    "ownership",
    "resident",
    "document",
    "authorization",
    "vehicle",
)
_VIEW_OWNERS = tuple(f"owners.view_{m}" for m in _OWNER_MODELS)
_EDIT_OWNERS = tuple(
    f"owners.{action}_{m}" for m in _OWNER_MODELS if m != "estate" for action in ("add", "change")
)
_FEE_MODELS = (
    "feetype",
    "feerate",
    "charge",
    "payment",
    "allocation",
    "reversalrequest",
    "collectionattempt",
    "deposit",
    "depositdeduction",
    "feesettings",
)
_VIEW_FEES = tuple(f"fees.view_{m}" for m in _FEE_MODELS)
_EDIT_FEE_STANDARDS = tuple(
    f"fees.{action}_{m}"
    for m in ("feetype", "feerate", "feesettings")
    for action in ("add", "change")
)
# --- workorders: admin permissions per role (edited with the workorders app) ---
_VIEW_WORKORDERS = ("workorders.view_workorder", "workorders.view_workorderevent")
WORKORDER_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_WORKORDERS
    + (
        "workorders.change_workorder",
        "workorders.view_categorysla",
        "workorders.add_categorysla",
        "workorders.change_categorysla",
        "workorders.delete_categorysla",
    ),
    DIRECTOR: _VIEW_WORKORDERS + ("workorders.view_categorysla",),
}
# --- reception: admin permissions per role (edited with the reception app) ---
_VIEW_RECEPTION = ("reception.view_phonecall", "reception.view_visit", "reception.view_calllink")
RECEPTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_RECEPTION,
    DIRECTOR: _VIEW_RECEPTION,
}

# --- checkin: admin permissions per role (edited with the checkin app) ---
_VIEW_CHECKIN = tuple(
    f"checkin.view_{m}"
    for m in (
        "custody",
        "inspection",
        "meterreading",
        "keylog",
        "moveincase",
        "rainwarning",
        "documentwaiver",
        "agreementsigning",
        "handoverline",
        "acceptanceitem",
        "reinspection",
        "inspectionphoto",  # listed on the inspection, opened through the checked view
    )
)
# The estate's move-in set-up: settings, agreements, handover items, acceptance checklists.
_CHECKIN_SETTINGS = tuple(
    f"checkin.{action}_{m}"
    for m in ("custodysettings", "agreement", "handoveritem", "checklisttemplate", "checklistitem")
    for action in ("view", "add", "change")
) + ("checkin.delete_checklistitem",)
CHECKIN_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_CHECKIN + _CHECKIN_SETTINGS,
    DIRECTOR: _VIEW_CHECKIN
    + tuple(
        f"checkin.view_{m}"
        for m in ("custodysettings", "agreement", "handoveritem", "checklisttemplate")
    ),
}

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    RECEPTIONIST: _VIEW_OWNERS + _EDIT_OWNERS,
    CS_SUPERVISOR: _VIEW_OWNERS
    + _EDIT_OWNERS
    + (
        "owners.view_full_id_number",
        "frontdesk.view_department",
        "frontdesk.change_department",
        "frontdesk.view_staffprofile",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
    )
    + _VIEW_FEES
    + _EDIT_FEE_STANDARDS,
    DEPARTMENT_HEAD: _VIEW_OWNERS,
    TECHNICIAN: (),
    CASHIER: _VIEW_OWNERS + _VIEW_FEES,
    DIRECTOR: _VIEW_OWNERS
    + ("owners.view_full_id_number", "frontdesk.view_department")
    + _VIEW_FEES
    + _EDIT_FEE_STANDARDS,
    SECURITY_GUARD: (),
}

# --- revisits: admin permissions per role (edited with the revisits app) ---
_VIEW_REVISITS = tuple(
    f"revisits.view_{m}"
    for m in ("revisit", "attempt", "visitplan", "analysisreport", "revisitrule", "revisitsettings")
)
REVISIT_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_REVISITS
    + tuple(f"revisits.{a}_revisitrule" for a in ("add", "change", "delete"))
    + ("revisits.add_revisitsettings", "revisits.change_revisitsettings"),
    DIRECTOR: _VIEW_REVISITS,
}

# --- complaints: admin permissions per role (edited with the complaints app) ---
_VIEW_COMPLAINTS = tuple(
    f"complaints.view_{m}"
    for m in ("complaint", "complaintstep", "verdictchange", "causedepartment", "severityclock")
)
COMPLAINT_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_COMPLAINTS
    + ("complaints.change_complaint",)
    + tuple(
        f"complaints.{a}_{m}"
        for m in ("causedepartment", "severityclock")
        for a in ("add", "change", "delete")
    ),
    DIRECTOR: _VIEW_COMPLAINTS,
}

# --- releases: admin permissions per role (edited with the releases app) ---
_VIEW_RELEASES = tuple(
    f"releases.view_{m}" for m in ("releaseslip", "releaseitem", "reconciliationflag")
)
RELEASE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_RELEASES,
    DIRECTOR: _VIEW_RELEASES,
}

# --- surveys: the owner questionnaire, written in the admin by the CS supervisor ---
_VIEW_SURVEYS = tuple(
    f"surveys.view_{m}" for m in ("questionnaire", "question", "option", "response")
)
SURVEY_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_SURVEYS
    + tuple(
        f"surveys.{a}_{m}"
        for m in ("questionnaire", "question", "option")
        for a in ("add", "change", "delete")
    ),
    DIRECTOR: _VIEW_SURVEYS,
}

# --- renovation: read in the admin; the estate's settings and prohibited works edited there ---
_VIEW_RENOVATION = tuple(
    f"renovation.view_{m}"
    for m in (
        "renovation",
        "renovationfile",
        "workerpass",
        "patrol",
        "rectification",
        "acceptance",
        "settings",
        "prohibiteditem",
    )
)
RENOVATION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_RENOVATION
    + tuple(
        f"renovation.{a}_{m}" for m in ("settings", "prohibiteditem") for a in ("add", "change")
    )
    + ("renovation.delete_prohibiteditem",),
    DIRECTOR: _VIEW_RENOVATION,
}

# --- leasing: read in the admin; the owners' income ledger's costs and allocations kept there ---
_VIEW_LEASING = tuple(
    f"leasing.view_{m}"
    for m in (
        "space",
        "lessee",
        "negotiation",
        "contract",
        "supervision",
        "costcategory",
        "ledgercost",
        "ledgerallocation",
    )
)
_KEEP_LEDGER = tuple(
    f"leasing.{a}_{m}"
    for m in ("costcategory", "ledgercost", "ledgerallocation")
    for a in ("add", "change")
)
LEASING_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_LEASING + _KEEP_LEDGER,
    DIRECTOR: _VIEW_LEASING + _KEEP_LEDGER,
}

# --- services: the catalogue and the departments' hours kept in the admin; requests read ---
_VIEW_SERVICES = tuple(
    f"services.view_{m}"
    for m in ("serviceitem", "departmenthours", "servicerequest", "servicestep")
)
SERVICE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_SERVICES
    + tuple(
        f"services.{a}_{m}" for m in ("serviceitem", "departmenthours") for a in ("add", "change")
    ),
    DIRECTOR: _VIEW_SERVICES,
}

# --- inspections: templates, places and department rules kept in the admin; rounds read ---
_VIEW_INSPECTIONS = tuple(
    f"inspections.view_{m}"
    for m in (
        "template",
        "templateitem",
        "place",
        "departmentrule",
        "round",
        "nonconformity",
        "followup",
    )
)
INSPECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_INSPECTIONS
    + tuple(
        f"inspections.{a}_{m}"
        for m in ("template", "templateitem", "place", "departmentrule")
        for a in ("add", "change")
    ),
    DIRECTOR: _VIEW_INSPECTIONS,
}

# --- activities: facilities and their blackout dates kept in the admin; bookings, posts and
# plans read there (they are made at the desk) ---
_VIEW_ACTIVITIES = tuple(
    f"activities.view_{m}"
    for m in ("facility", "blackout", "booking", "post", "replacementreminder", "plan")
)
ACTIVITY_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: _VIEW_ACTIVITIES
    + tuple(f"activities.{a}_{m}" for m in ("facility", "blackout") for a in ("add", "change")),
    DIRECTOR: _VIEW_ACTIVITIES,
}

# --- owners: full personal numbers out of the admin (edited with the owners app) ---
# Revealing one record's ID number (logged) is the director's; exporting full ID and phone
# numbers (logged) is no role's: a superuser grants "owners.export_personal_data" to a user.
PERSONAL_DATA_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CS_SUPERVISOR: ("owners.view_personaldataaccess",),
    DIRECTOR: ("owners.view_personaldataaccess", "owners.reveal_id_number"),
}

for _extra in (
    WORKORDER_PERMISSIONS,
    RECEPTION_PERMISSIONS,
    CHECKIN_PERMISSIONS,
    COMPLAINT_PERMISSIONS,
    REVISIT_PERMISSIONS,
    RELEASE_PERMISSIONS,
    SURVEY_PERMISSIONS,
    RENOVATION_PERMISSIONS,
    LEASING_PERMISSIONS,
    SERVICE_PERMISSIONS,
    PERSONAL_DATA_PERMISSIONS,
    INSPECTION_PERMISSIONS,
    ACTIVITY_PERMISSIONS,
):
    for _role, _names in _extra.items():
        ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] + _names
