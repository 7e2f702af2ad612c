"""Every URL of the desk × every role of estate A × a receptionist of estate B.

``ALLOWED`` is DESIGN §1 written as a table, the same one the docstrings of each app's
``permissions.py`` give: for each URL name, the roles of estate A that may use it. Letters:
R receptionist, S CS supervisor, H department head, T technician, C cashier, D director,
G security guard; ``*`` every signed-in user; ``-`` no one (anonymous pages: ``PUBLIC``).

Each URL is filled with real rows of estate A (``world``) and requested as each role, with
GET, or with an empty POST when the page takes only POST:

- a role the table leaves out gets a 403 or a 404, never a page, a file or a change;
- a role the table names is let in (no 403/404);
- a receptionist of estate B gets a 403 or a 404 for any URL naming a row of estate A;
- nobody signed out gets past the login page.

A new URL fails ``test_it_knows_every_url`` until its app adds it to ``ALLOWED`` (and, if its
path argument is new, to ``ROWS``/``SLUGS``). The admin is tested by ``test_the_admin_*``.
"""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from checkin.models import AcceptanceItem, InspectionPhoto
from fees import services as fee_services
from fees.models import FeeType, ReversalRequest
from frontdesk import registry, roles
from frontdesk.models import Job
from imports import services as import_services
from releases import services as release_services
from revisits import services as revisit_services
from revisits.models import AnalysisReport
from surveys import services as survey_services
from tests.activities.helpers import world_rows as activities_world
from tests.complaints.helpers import make_complaint
from tests.complaints.helpers import photo as complaint_photo
from tests.factories import (
    DepartmentFactory,
    DocumentFactory,
    EstateFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)
from tests.factories.checkin import (
    CustodyFactory,
    InspectionFactory,
    KeyLogFactory,
    MoveInCaseFactory,
)
from tests.factories.fees import ChargeFactory, FeeTypeFactory, PaymentFactory
from tests.factories.reception import PhoneCallFactory, VisitFactory
from tests.factories.workorders import WorkOrderFactory
from tests.inspections.helpers import world_rows as inspections_world
from tests.leasing.helpers import world_rows as leasing_world
from tests.revisits.helpers import completed_order
from tests.services.helpers import world_rows as services_world
from workorders.models import WorkOrderPhoto

LETTERS = {
    "R": roles.RECEPTIONIST,
    "S": roles.CS_SUPERVISOR,
    "H": roles.DEPARTMENT_HEAD,
    "T": roles.TECHNICIAN,
    "C": roles.CASHIER,
    "D": roles.DIRECTOR,
    "G": roles.SECURITY_GUARD,
}
EVERYONE = "RSHTCDG"
PUBLIC = {"login", "healthz", "set_language"}

# URL name (":<slug>" for one value of a slug argument) -> roles of estate A let in.
ALLOWED = {
    # the kernel
    "home": "*",
    "estate-switch": "*",
    "notifications": "*",
    "notifications-read": "*",
    "signin-lockouts": "SD",
    "signin-unlock": "SD",
    "logout": "*",
    "job-detail": "CSD",  # requested by the cashier; the supervisors of its estate
    "job-file": "CSD",
    "today-panel:notifications": "*",
    "today-panel:fees-reversals": "SD",
    "today-panel:fees-follow-ups": "RCS",
    "today-panel:workorders-owner": "RS",
    "today-panel:workorders-department": "HT",
    "today-panel:reception-awaiting": "RSHD",
    "today-panel:reception-on-site": "RSHDG",
    "today-panel:checkin-reinspections": "RS",
    "today-panel:checkin-inspections": "RSHTG",
    # owners: the dossier, the archive, the people
    "owners:search": "RSHCD",
    "owners:unit-detail": "RSHCD",
    "owners:unit-history": "RSHCD",
    "owners:unit-section:fees": "RSCD",
    "owners:unit-section:workorders": "RSHD",
    "owners:unit-section:reception": "RSHD",
    "owners:unit-section:movein": "RSHD",
    "owners:unit-section:custody": "RSHD",
    "owners:registration-pdf": "RSHCD",
    "owners:document-file": "RSD",
    "owners:document-upload": "RS",
    "owners:owner-detail": "RSHCD",
    "owners:owner-edit": "RS",
    "owners:owner-reveal-id": "SD",
    "owners:ownership-add": "RS",
    "owners:ownership-end": "RS",
    "owners:resident-add": "RS",
    "owners:resident-move-out": "RS",
    "owners:authorization-add": "RS",
    # fees: money is for the cashier's desk and those above it
    "fees:pay-search": "CS",
    "fees:unit-pay": "CS",
    "fees:unit-apply-credit": "CS",
    "fees:reversal-request": "CS",
    "fees:charge-waive": "SD",
    "fees:reversal-approve": "SD",
    "fees:reversal-refuse": "SD",
    "fees:payment-detail": "RCSD",
    "fees:receipt-pdf": "RCSD",
    "fees:arrears": "RCSD",
    "fees:arrears-totals": "RCSD",
    "fees:arrears-export": "RCSD",
    "fees:arrears-notices": "RCSD",
    "fees:unit-notice": "RCSD",
    "fees:deposits": "RCSD",
    "fees:deposit-new": "RCS",
    "fees:deposit-detail": "RCSD",
    "fees:deposit-settle": "S",
    "fees:deposit-cancel": "S",
    "fees:deposit-refund-pdf": "RCSD",
    "fees:report": "SD",
    "fees:report-export": "SD",
    "fees:report-pdf": "SD",
    "fees:collection-add": "RCSD",
    "fees:collection-list": "RCSD",
    # work orders: the department (H, T) on its own department's orders
    "workorders:order-list": "RSHTD",
    "workorders:department-queue": "SHTD",
    "workorders:owner-queue": "RS",
    "workorders:overdue": "SHD",
    "workorders:order-export": "RSHTD",
    "workorders:my-orders": "HT",
    "workorders:order-new": "RSH",
    "workorders:order-detail": "RSHTD",
    "workorders:order-pdf": "RSHTD",
    "workorders:order-step:sign": "SHT",
    "workorders:photo-file": "RSHTD",
    # reception: the guard keeps the visitor log, never the calls
    "reception:calls": "RSHD",
    "reception:calls-export": "RSHD",
    "reception:call-detail": "RSHD",
    "reception:call-new": "RS",
    "reception:call-route": "RS",
    "reception:call-reply": "RS",
    "reception:call-work-order": "RS",
    "reception:call-convert:workorder": "RS",
    "reception:visits": "RSHDG",
    "reception:visits-export": "RSHDG",
    "reception:on-site": "RSHDG",
    "reception:visit-detail": "RSHDG",
    "reception:visit-badge": "RSHDG",
    "reception:visit-reveal-id": "SD",
    "reception:visit-new": "RSG",
    "reception:visit-left": "RSG",
    "reception:unit-pick-search": "RSG",
    "reception:unit-unpick": "RSG",
    "reception:unit-pick": "RSG",
    # check-in: technicians and guards record custody inspections, and see nothing else
    "checkin:custody-list": "RSHD",
    "checkin:custody-export": "SD",
    "checkin:custody-detail": "RSHD",
    "checkin:custody-agreement": "RSHD",
    "checkin:inspection-photo": "RSHD",
    "checkin:inspection-record": "RSHTG",
    "checkin:custody-start": "RS",
    "checkin:custody-end": "RS",
    "checkin:key-take": "RS",
    "checkin:key-return": "RS",
    "checkin:inspection-order": "RS",
    "checkin:rain-warning": "S",
    "checkin:movein-list": "RSHD",
    "checkin:movein-export": "SD",
    "checkin:movein-detail": "RSHD",
    "checkin:movein-registration-pdf": "RSHD",
    "checkin:movein-handover-pdf": "RSHD",
    "checkin:movein-acceptance-pdf": "RSHD",
    "checkin:acceptance-photo": "RSHD",
    "checkin:movein-acceptance": "RSH",
    "checkin:movein-new": "RS",
    "checkin:movein-document": "RS",
    "checkin:movein-agent": "RS",
    "checkin:movein-registration": "RS",
    "checkin:movein-agreements": "RS",
    "checkin:movein-handover": "RS",
    "checkin:movein-fee": "RS",
    "checkin:movein-reinspection": "RS",
    "checkin:movein-result": "RS",
    "checkin:movein-complete": "RS",
    "checkin:movein-cancel": "RS",
    "checkin:movein-waive": "S",
    "revisits:revisit-list": "RSD",
    "revisits:revisit-detail": "RSD",
    "revisits:for-complaint": "RSD",
    "revisits:revisit-pdf": "RSD",
    "revisits:attempt-new": "RS",
    "revisits:revisit-record": "RS",
    "revisits:revisit-close": "S",
    "revisits:revisit-exempt": "S",
    "revisits:kpi": "SD",
    "revisits:summary": "SD",
    "revisits:summary-pdf": "SD",
    "revisits:plan-list": "RSD",
    "revisits:plan-new": "S",
    "revisits:plan-detail": "RSD",
    "revisits:report-detail": "SD",
    "revisits:report-pdf": "SD",
    "revisits:report-step:review": "S",
    "today-panel:revisits-due": "RS",
    "owners:unit-section:revisits": "RSD",
    "complaints:complaint-list": "RSHD",
    "complaints:all": "RSHD",
    "complaints:overdue": "RSHD",
    "complaints:department-queue": "SHD",
    "complaints:complaint-new": "RS",
    "complaints:stats": "SD",
    "complaints:stats-export": "SD",
    "complaints:stats-pdf": "SD",
    "complaints:complaint-detail": "RSHD",
    "complaints:complaint-pdf": "RSHD",
    "complaints:complaint-step:judge": "RS",
    "complaints:complaint-file": "RSHD",
    "today-panel:complaints": "RSD",
    "owners:unit-section:complaints": "RSHD",
    "reception:call-convert:complaint": "RS",
    "renovation:list": "RSHTD",
    "renovation:new": "RS",
    "renovation:gate": "G",
    "renovation:detail": "RSHTD",
    "renovation:file-add": "RS",
    "renovation:licence": "RSHD",
    "renovation:approve": "SH",
    "renovation:send-back": "SH",
    "renovation:reject": "SH",
    "renovation:resubmit": "RS",
    "renovation:withdraw": "RS",
    "renovation:agreement-sign": "RS",
    "renovation:agreement-pdf": "RSHD",
    "renovation:permit-issue": "RS",
    "renovation:permit-pdf": "RSHD",
    "renovation:pass-new": "RS",
    "renovation:passes-pdf": "RSHD",
    "renovation:patrol-new": "SHT",
    "renovation:acceptance": "SH",
    "renovation:water-test": "SH",
    "renovation:close": "RS",
    "renovation:extend": "RS",
    "renovation:workers": "RS",
    "renovation:garbage-cleared": "RS",
    "renovation:resume": "SH",
    "renovation:deposit-refund": "S",
    "renovation:file": "RSHD",
    "renovation:pass-revoke": "RS",
    "renovation:pass-photo": "RSHD",
    "renovation:patrol-photo": "RSHTD",
    "renovation:notice-recheck": "SHT",
    "renovation:notice-pdf": "RSHD",
    "today-panel:renovation-review": "RSH",
    "today-panel:renovation-patrols": "SHT",
    "today-panel:renovation-expiring": "RS",
    "owners:unit-section:renovation": "RSHD",
    "releases:slips": "RSD",
    "releases:slip-new": "RS",
    "releases:reconciliation": "SHD",
    "releases:slip-detail": "RSD",
    "releases:slip-confirm": "RS",
    "releases:slip-cancel": "RS",
    "releases:slip-paper": "RS",
    "releases:slip-pdf": "RSD",
    "releases:gate": "G",
    "releases:gate-use": "G",
    "releases:unit-check": "RS",
    "releases:item-photo:photo": "RSD",
    "releases:item-photo:gate": "RSD",
    "today-panel:releases-waiting": "RSD",
    "owners:unit-section:releases": "RSD",
    "owners:unit-section:surveys": "RSD",
    "surveys:questionnaire-list": "RSD",
    "surveys:find": "RS",
    "surveys:questionnaire-detail": "RSD",
    "surveys:forms-pdf": "RSD",
    "surveys:report": "SD",
    "surveys:report-pdf": "SD",
    "surveys:questionnaire-step:close": "S",
    "surveys:response": "RSD",
    "leasing:list": "RSCD",
    "leasing:spaces": "RSCD",
    "leasing:space-new": "RS",
    "leasing:space": "RSCD",
    "leasing:space-edit": "RS",
    "leasing:space-photo": "RSCD",
    "leasing:lessee-new": "RS",
    "leasing:lessee": "RSCD",
    "leasing:lessee-edit": "RS",
    "leasing:negotiation-new": "RS",
    "leasing:negotiation": "RSCD",
    "leasing:contact-add": "RS",
    "leasing:negotiation-drop": "RS",
    "leasing:contract-new": "RS",
    "leasing:contract": "RSHTCD",
    "leasing:contract-renew": "RS",
    "leasing:summary-pdf": "RSCD",
    "leasing:contract-pay": "SC",
    "leasing:contract-terminate": "S",
    "leasing:scan-add": "RS",
    "leasing:supervision-add": "SHT",
    "leasing:supervision-rectified": "SHT",
    "leasing:scan": "RSD",
    "leasing:supervision-photo": "RSHTCD",
    "leasing:ledger": "SD",
    "leasing:ledger-pdf": "SD",
    "leasing:ledger-xlsx": "SD",
    "today-panel:leasing-expiring": "RS",
    "services:list": "RSHCD",
    "services:new": "RS",
    "services:catalogue": "RSHTCD",
    "services:announcement-pdf": "RSHTCD",
    "services:mine": "HT",
    "services:report": "SD",
    "services:report-export": "SD",
    "services:detail": "RSHTCD",
    "services:agreement": "RS",
    "services:agreement-pdf": "RSHCD",
    "services:scan": "RSHD",
    "services:dispatch": "SH",
    "services:done": "SHT",
    "services:accept": "RSH",
    "services:reject": "RSH",
    "services:charge": "RSC",
    "services:cancel": "RS",
    "reception:call-convert:service": "RS",
    "today-panel:services-today": "RSHT",
    "today-panel:services-acceptance": "RSH",
    "today-panel:services-unpaid": "RSC",
    "owners:unit-section:services": "RSHCD",
    "imports:list": "S",
    "imports:new": "S",
    "imports:template:hc_rooms": "S",
    "imports:detail": "S",
    "imports:check": "S",
    "imports:confirm": "S",
    "imports:rejected": "S",
    "imports:past-payments": "RSCD",
    "owners:unit-section:past-payments": "RSCD",
    # inspections: the round is the receptionist's; the nonconformity is engineering's
    "inspections:mine": "RSHT",
    "inspections:plan": "S",
    "inspections:reassign": "S",
    "inspections:qr-sheet": "S",
    "inspections:report": "SD",
    "inspections:report-pdf": "SD",
    "inspections:report-export": "SD",
    "inspections:nonconformities": "RSHD",
    "inspections:round": "RSD",
    "inspections:visit": "RS",
    "inspections:excuse": "S",
    "inspections:record": "RS",
    "inspections:complete": "RS",
    "inspections:place-visit": "RSHT",
    "inspections:nonconformity": "RSHD",
    "inspections:handle": "RSH",
    "inspections:sheet": "RSH",
    "inspections:follow-up": "RS",
    "inspections:photo": "RSHD",
    "today-panel:inspections-rounds": "RSHT",
    "today-panel:inspections-follow-ups": "RS",
    # activities: the desk books; a CS supervisor approves
    "activities:facilities": "RSHD",
    "activities:calendar": "RSHD",
    "activities:book": "RS",
    "activities:booking": "RSHD",
    "activities:approve": "S",
    "activities:check-in": "RS",
    "activities:no-show": "RS",
    "activities:cancel": "RS",
    "activities:confirmation": "RSHD",
    "activities:board": "RSHD",
    "activities:notice": "RSHD",
    "today-panel:activities-bookings-today": "RSHD",
    "today-panel:activities-columns-due": "RS",
    "owners:unit-section:activities": "RSHD",
    "activities:plans": "RSHD",
    "activities:plan": "RSHD",
    "activities:gallery": "RSHD",
    "activities:plan-pdf": "RSHD",
    "activities:summary-pdf": "RSHD",
    "activities:archive-file": "RSHD",
    "activities:archive-thumbnail": "RSHD",
    "activities:plan-new": "RS",
    "activities:signup-add": "RS",
    "activities:signup-cancel": "RS",
    "activities:attendance": "RS",
    "activities:summary": "RS",
    "activities:archive-add": "RS",
    "activities:plan-approve": "SD",
    "activities:layout-acknowledge": "H",
    "today-panel:activities-this-week": "RSHD",
}

# The path segment before an <int:…> argument -> the row of ``world`` that fills it.
ROWS = {
    "units": "unit",
    "documents": "document",
    "owners": "owner",
    "ownerships": "ownership",
    "residents": "resident",
    "charges": "charge",
    "payments": "payment",
    "reversals": "reversal",
    "calls": "call",
    "visits": "visit",
    "custody": "custody",
    "keys": "key_log",
    "inspections": "inspection",
    "inspection-photos": "inspection_photo",
    "move-in": "case",
    "acceptance-photos": "acceptance_item",
    "orders": "order",
    "photos": "order_photo",
    "jobs": "job",
    "revisits": "revisit",
    "plans": "visit_plan",
    "reports": "analysis_report",
    "complaints": "complaint",
    "complaint": "complaint",
    "files": "complaint_file",
    "releases": "release_slip",
    "gate": "release_slip",
    "items": "release_item",
    "deposits": "deposit",
    "renovation": "renovation",
    "renovation-files": "renovation_file",
    "worker-passes": "worker_pass",
    "patrol-photos": "patrol_photo",
    "notices": "rectification",
    "surveys": "questionnaire",
    "responses": "survey_response",
    "spaces": "lease_space",
    "lessees": "lessee",
    "negotiations": "negotiation",
    "contracts": "contract",
    "contract-scans": "contract_scan",
    "supervision-photos": "supervision",
    "supervisions": "supervision",
    "services": "service",
    "imports": "import_batch",
    "rounds": "inspection_round",
    "places": "inspection_place",
    "nonconformities": "nonconformity",
    "round-photos": "round_photo",
    "facilities": "facility",
    "bookings": "booking",
    "boards": "board",
    "posts": "post",
    "activity-plans": "activity_plan",
    "layout": "layout_task",
    "signups": "signup",
    "archive": "archive_file",
}
# URL name -> {slug argument: values} (each value is its own row of ALLOWED).
SLUGS = {
    "today-panel": {"key": lambda: sorted(registry.today_panels._entries)},
    "owners:unit-section": {"key": lambda: sorted(registry.dossier_sections._entries)},
    "workorders:order-step": {"step": lambda: ["sign"]},
    "reception:call-convert": {"action": lambda: ["workorder", "complaint", "service"]},
    "complaints:complaint-step": {"action": lambda: ["judge"]},
    "revisits:report-step": {"step": lambda: ["review"]},
    "releases:item-photo": {"which": lambda: ["photo", "gate"]},
    "surveys:questionnaire-step": {"step": lambda: ["close"]},
    "imports:template": {"kind": lambda: ["hc_rooms"]},
}
# What a POST sends beyond nothing, where an empty form is a 404 before any role check.
POST_DATA = {"checkin:rain-warning": lambda world: {"estate": world["estate"].pk}}
# What a GET asks for, where the page is about a row named in its query (a 404 without).
GET_DATA = {
    "surveys:forms-pdf": lambda world: {"response": world["rows"]["survey_response"].pk},
    "inspections:place-visit": lambda world: {"t": world["rows"]["inspection_place"].token},
}
# Units of estate A named by a custody or move-in URL (``<int:unit_id>``): a fresh one.
UNIT_ARGS = {"unit_id"}


def _patterns(resolver=None, prefix="", namespace=""):
    """(name, route, argument names) of every URL of the project."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = ":".join(part for part in (namespace, inner) if part)
            yield from _patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            regex = pattern.pattern.regex
            positional = ["#"] * (regex.groups - len(regex.groupindex))  # admin regexes
            yield name, prefix + str(pattern.pattern), [*regex.groupindex, *positional]


def _rows():
    """Every row of the matrix: (row name, URL name, route, slug values)."""
    rows = []
    for name, route, _args in _patterns():
        if name.startswith("admin:"):
            continue
        slugs = SLUGS.get(name, {})
        if not slugs:
            rows.append((name, name, route, {}))
            continue
        ((arg, values),) = slugs.items()
        rows.extend((f"{name}:{value}", name, route, {arg: value}) for value in values())
    return rows


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="photo.png")


@pytest.fixture
def world(db):
    """Estate A with one row of each kind, a user of every role, and estate B's receptionist."""
    estate = EstateFactory(code="A")
    other = EstateFactory(code="B")
    engineering = DepartmentFactory(estate=estate, kind="engineering")
    users = {
        letter: staff(
            estates=[estate],
            roles=[role],
            username=f"a-{letter}",
            department=engineering if letter in "HT" else None,
            is_staff=letter in "SD",
        )
        for letter, role in LETTERS.items()
    }
    users["B"] = staff(estates=[other], roles=[roles.RECEPTIONIST], username="b-R")
    unit = UnitFactory(building__estate=estate)
    ownership = OwnershipFactory(unit=unit)
    document = DocumentFactory(estate=estate, unit=unit, owner=ownership.owner)
    document.file.save("id-card.png", _png())
    custody = CustodyFactory(unit=UnitFactory(building__estate=estate))
    inspection = InspectionFactory(custody=custody)
    case = MoveInCaseFactory(unit=unit, owner=ownership.owner)
    payment = PaymentFactory(unit=unit, actor=users["C"])
    order = WorkOrderFactory(estate=estate, dispatched=True, department=engineering)
    job = Job.objects.create(kind="test", title="导出", estate=estate, requested_by=users["C"])
    job.file.save("export.xlsx", ContentFile(b"PK owners"))
    today = timezone.localdate()
    complaint = make_complaint(users["R"], estate, unit=unit, files=[complaint_photo()])
    complaint.department = engineering  # the department head's own department
    complaint.save(update_fields=["department"])
    rows = {
        "unit": unit,
        "document": document,
        "owner": ownership.owner,
        "ownership": ownership,
        "resident": ResidentFactory(unit=unit),
        "charge": ChargeFactory(unit=unit),
        "payment": payment,
        "reversal": ReversalRequest.objects.create(
            payment=payment, reason="收错", requested_by=users["C"]
        ),
        "call": PhoneCallFactory(estate=estate),
        "visit": VisitFactory(estate=estate, id_number="110105198506010012"),
        "custody": custody,
        "key_log": KeyLogFactory(custody=custody),
        "inspection": inspection,
        "inspection_photo": InspectionPhoto.objects.create(inspection=inspection, file=_png()),
        "case": case,
        "acceptance_item": AcceptanceItem.objects.create(
            case=case, room="客厅", item="墙面", defect=True, photo=_png()
        ),
        "order": order,
        "order_photo": WorkOrderPhoto.objects.create(order=order, stage="before", file=_png()),
        "job": job,
        "revisit": revisit_services.revisit_for_order(
            order_id=completed_order(estate, unit=unit).pk
        ),
        "visit_plan": revisit_services.plan_create(
            actor=users["S"],
            estate=estate,
            title="走访",
            channel="home",
            starts_on=today,
            ends_on=today,
            units=unit.code,
        ),
        "complaint": complaint,
        "release_slip": release_services.slip_request(  # an owner's slip, on a unit owing nothing
            actor=users["R"],
            unit=UnitFactory(building__estate=estate),
            requester_name="李娜",
            relation="owner",
            id_type="resident_id",
            id_number=resident_id(7),
            reason="moving_out",
            items=[release_services.ItemInput("沙发", 1)],
        ),
        "complaint_file": complaint.files.get(),
        "analysis_report": AnalysisReport.objects.create(
            estate=estate, month=datetime.date(2026, 5, 1), body="报修集中在漏水"
        ),
    }
    rows["deposit"] = _settled_deposit(users, unit)
    rows.update(_working_renovation(users, estate))
    rows["questionnaire"], rows["survey_response"] = _open_questionnaire(users, estate)
    rows.update(leasing_world(users, estate))
    rows.update(services_world(users, estate))
    rows.update(inspections_world(users, estate))
    rows.update(activities_world(users, estate))
    rows["import_batch"] = import_services.batch_upload(
        actor=users["S"],
        estate=estate,
        kind="roster",
        source="台账",
        file_name="roster.csv",
        data="房号,姓名,面积\n1-1-101,张三,88\n".encode(),
    )
    item = rows["release_slip"].items.get()
    item.photo.save("sofa.png", _png())
    item.gate_photo.save("held.png", _png())
    rows["release_item"] = item
    return {"users": users, "rows": rows, "estate": estate}


def _open_questionnaire(users, estate):
    from tests.surveys.test_surveys import build

    questionnaire = build(estate)
    survey_services.questionnaire_open(actor=users["S"], questionnaire=questionnaire)
    return questionnaire, questionnaire.responses.first()


def _working_renovation(users, estate):
    """A renovation under its permit: its plan, a pass with a photo, a patrol with a photo
    and a rectification notice."""
    from renovation import services as renovation_services
    from tests.renovation.helpers import garbage_fee, issue_pass, permitted, png_upload

    garbage_fee(estate)
    unit = UnitFactory(building__estate=estate)
    OwnershipFactory(unit=unit)
    renovation = permitted(users["R"], users["S"], users["C"], unit)
    patrol = renovation_services.patrol_record(
        actor=users["S"],
        renovation=renovation,
        outcome="done",
        violation="入户门外移",
        photos=[png_upload()],
    )
    return {
        "renovation": renovation,
        "renovation_file": renovation.files.get(),
        "worker_pass": issue_pass(users["R"], renovation, photo=png_upload()),
        "patrol_photo": patrol.photos.get(),
        "rectification": patrol.rectification,
    }


def _settled_deposit(users, unit):
    fee_type = FeeTypeFactory(estate=unit.estate, kind=FeeType.Kind.DEPOSIT)
    deposit = fee_services.deposit_require(
        actor=users["R"],
        estate_id=unit.estate_id,
        fee_type=fee_type,
        amount="800",
        purpose="装修押金",
        unit=unit,
    )
    PaymentFactory(unit=unit, actor=users["C"], amount="800", charge_ids=[deposit.charge_id])
    return fee_services.deposit_settle(
        actor=users["S"], deposit=deposit, refund_to="张伟", refund_method="cash"
    )


def _url(world, name: str, route: str, slugs: dict) -> tuple[str, bool]:
    """The URL filled with estate A's rows; whether it names a row."""
    kwargs = dict(slugs)
    names_a_row = False
    for arg in _int_args(route):
        if arg in UNIT_ARGS:
            kwargs[arg] = UnitFactory(building__estate=world["estate"]).pk
        else:
            segment = route.split(f"<int:{arg}>")[0].rstrip("/").rsplit("/", 1)[-1]
            kwargs[arg] = world["rows"][ROWS[segment]].pk
        names_a_row = True
    return reverse(name, kwargs=kwargs), names_a_row


def _int_args(route: str) -> list[str]:
    return re.findall(r"<int:(\w+)>", route)


def _request(user, url: str, method: str, data=None):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {})


def _method(world, url: str) -> str:
    """GET, unless the page takes only POST (a 405 comes before any role check)."""
    response = _request(world["users"]["S"], url, "get")
    return "post" if response.status_code == 405 else "get"


def test_it_knows_every_url():
    """A new URL (or a new today panel or dossier section) must say who may open it."""
    rows = {row for row, *_ in _rows()}
    known = set(ALLOWED) | PUBLIC
    assert sorted(rows - known) == [], "add these URLs to ALLOWED (and ROWS) here"
    assert sorted(known - rows) == [], "these URLs are gone: take them out of ALLOWED"


@pytest.mark.parametrize(
    ("row", "name", "route", "slugs"),
    [row for row in _rows() if row[0] not in PUBLIC],
    ids=[row[0] for row in _rows() if row[0] not in PUBLIC],
)
def test_it_lets_in_only_the_roles_of_the_table(world, row, name, route, slugs):
    url, names_a_row = _url(world, name, route, slugs)
    method = _method(world, url)
    asked = POST_DATA if method == "post" else GET_DATA
    data = asked[name](world) if name in asked else None
    allowed = ALLOWED[row]
    allowed = EVERYONE if allowed == "*" else allowed
    wrong = []
    # Forbidden roles first: a let-in POST may change the row the next ones see.
    for letter in sorted(LETTERS, key=lambda letter: letter in allowed):
        status = _request(world["users"][letter], url, method, data).status_code
        if letter in allowed and status in (403, 404):
            wrong.append(f"{letter} (allowed) got {status}")
        if letter not in allowed and status not in (403, 404):
            wrong.append(f"{letter} (not allowed) got {status}")
    if names_a_row:
        status = _request(world["users"]["B"], url, method, data).status_code
        if status not in (403, 404):
            wrong.append(f"estate B's receptionist got {status} for estate A's row")
    anonymous = _request(None, url, method, data)
    if not (anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")):
        wrong.append(f"anonymous got {anonymous.status_code}")
    assert wrong == [], f"{method.upper()} {url}"


def test_a_job_file_is_only_its_requesters_and_the_supervisors(world, client):
    """Another cashier of the same estate does not get the cashier's export."""
    job = world["rows"]["job"]
    colleague = staff(estates=[world["estate"]], roles=[roles.CASHIER], username="a-C2")
    client.force_login(colleague)
    assert client.get(reverse("job-file", args=[job.pk])).status_code == 404
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    client.force_login(world["users"]["S"])
    assert client.get(reverse("job-file", args=[job.pk])).status_code == 200


# --- the admin --------------------------------------------------------------------------------

ADMIN_PUBLIC = {"admin:login", "admin:logout"}
ADMIN = [
    (name, route, args)
    for name, route, args in _patterns()
    if name.startswith("admin:") and name not in ADMIN_PUBLIC
]


@pytest.mark.parametrize(("name", "route", "args"), ADMIN, ids=[row[0] for row in ADMIN])
def test_the_admin_is_closed_to_desk_roles(world, name, route, args):
    """Only staff accounts (supervisor, director) reach the admin; everyone else is sent to
    its login page; estate B's staff never see one of estate A's rows."""
    row = _admin_row(world, name)
    if "#" in args:  # simple-history's (object, history record)
        url = reverse(name, args=[row, 0][: len(args)])
    else:
        kwargs = {arg: row if arg == "object_id" else _ADMIN_ARGS[arg] for arg in args}
        url = reverse(name, kwargs=kwargs)
    for letter in "RHTCG":
        response = _request(world["users"][letter], url, "get")
        assert response.status_code == 302, (letter, url)
        assert response["Location"].startswith("/admin/login/"), (letter, url)
    if row and (args == ["object_id"] or "#" in args):
        outsider = staff(
            estates=[EstateFactory(code="B")],
            roles=[roles.CS_SUPERVISOR],
            username="b-S",
            is_staff=True,
        )
        assert _request(outsider, url, "get").status_code != 200, url


# Arguments of admin URLs that name no row.
_ADMIN_ARGS = {"app_label": "owners", "content_type_id": 1, "id": 1}


def _admin_row(world, name: str) -> int:
    """admin:<app>_<model>_<action>: a row of estate A when the world holds one (else 0)."""
    for value in world["rows"].values():
        opts = value._meta
        if name.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
            return value.pk
    return 0
