"""The renovation's printed documents, A4, in the estate's print language (Simplified
Chinese): the renovation management agreement with its signature lines, the construction
permit to post on the door (with its QR code), the workers' pass cards (8 per page) and the
rectification notice."""

import base64

from django.utils import timezone, translation

from frontdesk.pdf import qr_data_uri, render_pdf

from .models import Rectification, Renovation, Settings, WorkerPass

PRINT_LANGUAGE = "zh-hans"
CARDS_PER_PAGE = 8


def current_hours(estate_id: int) -> tuple[str, str, str]:
    rules = Settings.for_estate(estate_id)
    return rules.weekday_hours, rules.weekend_hours, rules.noisy_note


def _render(template: str, context: dict) -> bytes:
    with translation.override(PRINT_LANGUAGE):
        return render_pdf(template, {**context, "LANGUAGE_CODE": PRINT_LANGUAGE})


def render_agreement(renovation: Renovation) -> bytes:
    return _render(
        "renovation/pdf/agreement.html",
        {
            "renovation": renovation,
            "fee": renovation.fee_charge,
            "rules": Settings.for_estate(renovation.estate_id),
            "prohibited": renovation.prohibited_lines,
            "checklist": renovation.checklist_rows(),
        },
    )


def render_permit(renovation: Renovation, *, gate_url: str) -> bytes:
    return _render(
        "renovation/pdf/permit.html",
        {
            "renovation": renovation,
            "qr": qr_data_uri(gate_url),
            "issued_at": timezone.localtime(renovation.permit_issued_at),
            "prohibited": renovation.prohibited_lines,
        },
    )


def _photo_uri(worker_pass: WorkerPass) -> str:
    """The worker's photo inline (it lives in private storage, which the PDF cannot fetch)."""
    if not worker_pass.photo:
        return ""
    with worker_pass.photo.open("rb") as photo:
        data = photo.read()
    kind = "png" if data[:4] == b"\x89PNG" else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def pass_pages(cards: list[tuple[WorkerPass, str]]) -> list[list[dict]]:
    rows = [{"pass": p, "qr": qr_data_uri(url), "photo": _photo_uri(p)} for p, url in cards]
    return [rows[n : n + CARDS_PER_PAGE] for n in range(0, len(rows), CARDS_PER_PAGE)]


def render_passes(renovation: Renovation, cards: list[tuple[WorkerPass, str]]) -> bytes:
    return _render(
        "renovation/pdf/passes.html", {"renovation": renovation, "pages": pass_pages(cards)}
    )


def render_notice(notice: Rectification) -> bytes:
    return _render(
        "renovation/pdf/notice.html",
        {
            "notice": notice,
            "renovation": notice.renovation,
            "patrol": notice.patrol,
            "at": timezone.localtime(notice.patrol.at),
        },
    )
