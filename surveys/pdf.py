"""The questionnaire's prints, in the office's print language (Simplified Chinese): the paper
form of each household (A4, its code and a QR of it, every question with boxes to tick) and
the report for the director, with its bars."""

from django.utils import timezone

from frontdesk.pdf import print_language, qr_data_uri, render_pdf

from .models import Questionnaire
from .selectors import Statistics


def render_forms(questionnaire: Questionnaire, responses: list, questions: list) -> bytes:
    with print_language():
        forms = [(response, qr_data_uri(response.code)) for response in responses]
        context = {
            "questionnaire": questionnaire,
            "estate": questionnaire.estate,
            "forms": forms,
            "questions": questions,
        }
        return render_pdf("surveys/pdf/forms.html", context)


def render_report(questionnaire: Questionnaire, stats: Statistics) -> bytes:
    with print_language():
        context = {
            "questionnaire": questionnaire,
            "estate": questionnaire.estate,
            "stats": stats,
            "printed_at": timezone.localtime(),
        }
        return render_pdf("surveys/pdf/report.html", context)
