"""The questionnaire's pages: the list, a questionnaire (find a household, print its forms,
open, close, copy), a household's answers, the report and its PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response
from frontdesk.scoping import has_role, role_required

from . import pdf, selectors, services
from .forms import AnswersForm, CopyForm, FindForm
from .models import Questionnaire
from .permissions import ENTER_ROLES, MANAGE_ROLES, REPORT_ROLES, VIEW_ROLES

# At most this many forms in one PDF: a larger building prints in parts (``?part=2``).
MAX_FORMS = selectors.FORMS_PER_PDF


@require_GET
@role_required(*VIEW_ROLES)
def questionnaire_list(request):
    context = {
        "questionnaires": selectors.questionnaires(user=request.user),
        "can_report": has_role(request.user, *REPORT_ROLES),
    }
    return render(request, "surveys/questionnaire_list.html", context)


@require_GET
@role_required(*ENTER_ROLES)
def find(request):
    """The desk's quick action: a household's response by the code on its paper form (or its
    unit), among the questionnaires open in the user's estates."""
    form = FindForm(request.GET or None)
    found = []
    if form.is_bound and form.is_valid():
        found = selectors.responses_find(user=request.user, term=form.cleaned_data["q"])
        if len(found) == 1:
            return redirect("surveys:response", pk=found[0].pk)
        if not found:
            form.add_error("q", _("No household of an open questionnaire has this code or unit."))
    context = {
        "form": form,
        "found": found,
        "questionnaires": selectors.open_questionnaires(user=request.user),
    }
    return render(request, "surveys/find.html", context)


@require_GET
@role_required(*VIEW_ROLES)
def questionnaire_detail(request, pk: int):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    find = FindForm(request.GET or None)
    if find.is_bound and find.is_valid():
        response = selectors.response_find(questionnaire=questionnaire, term=find.cleaned_data["q"])
        if response is not None:
            return redirect("surveys:response", pk=response.pk)
        find.add_error("q", _("No household of this questionnaire has this code or unit."))
    stats = selectors.rates(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "questions": selectors.questions(questionnaire),
        "stats": stats,
        "find": find,
        "can_enter": has_role(request.user, *ENTER_ROLES),
        "can_manage": has_role(request.user, *MANAGE_ROLES),
        "can_report": has_role(request.user, *REPORT_ROLES),
        "copy_form": CopyForm(initial={"year": questionnaire.year + 1}),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@require_POST
@role_required(*MANAGE_ROLES)
def questionnaire_step(request, pk: int, step: str):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    if step not in ("open", "close", "copy"):
        raise Http404
    try:
        if step == "open":
            issued = services.questionnaire_open(actor=request.user, questionnaire=questionnaire)
            messages.success(
                request,
                _("Collecting answers: %(n)s response codes issued.") % {"n": issued},
            )
        elif step == "close":
            services.questionnaire_close(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("The questionnaire is closed."))
        else:
            form = CopyForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(str(e) for e in form.errors["year"]))
                return redirect(questionnaire)
            copy = services.questionnaire_copy(
                actor=request.user, source=questionnaire, year=form.cleaned_data["year"]
            )
            messages.success(request, _("Copied: edit its questions in the admin, then open it."))
            return redirect(copy)
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied from None
        messages.error(request, error.message)
    return redirect(questionnaire)


@require_http_methods(["GET", "POST"])
@role_required(*VIEW_ROLES)
def response_detail(request, pk: int):
    """A household's response: its answers once entered, else the form to enter them."""
    response = selectors.response_get(user=request.user, pk=pk)
    questions = selectors.questions(response.questionnaire)
    may_enter = (
        has_role(request.user, *ENTER_ROLES)
        and not response.is_answered
        and response.questionnaire.status == Questionnaire.Status.OPEN
    )
    if request.method == "POST" and not has_role(request.user, *ENTER_ROLES):
        raise PermissionDenied
    form = AnswersForm(request.POST or None, questions=questions) if may_enter else None
    status = 200
    if request.method == "POST":
        if response.is_answered:  # a second post of the same form, or a second response
            messages.info(request, _("This household has already answered."))
            return redirect("surveys:response", pk=response.pk)
        if form is not None and form.is_valid():
            try:
                services.response_record(
                    actor=request.user,
                    response=response,
                    answers=form.answers(),
                    channel=form.cleaned_data["channel"],
                )
            except DeskError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Answers of %(unit)s saved.") % {"unit": response.unit})
                return redirect(response.questionnaire)
        status = 400
    context = {
        "response": response,
        "questionnaire": response.questionnaire,
        "form": form,
        "answers": selectors.response_answers(response) if response.is_answered else [],
    }
    return render(request, "surveys/response.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def forms_pdf(request, pk: int):
    """The paper forms of a building's households (``?building=``, in parts of MAX_FORMS:
    ``&part=``), or of one (``?response=``)."""
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    building, one = request.GET.get("building", ""), request.GET.get("response", "")
    part = request.GET.get("part", "1")
    if not part.isdigit() or int(part) < 1:
        raise Http404
    start = (int(part) - 1) * MAX_FORMS
    responses = selectors.forms_for(questionnaire, int(building) if building.isdigit() else None)
    if one.isdigit():
        responses = responses.filter(pk=int(one))
    elif not building.isdigit():
        raise Http404
    rows = list(responses[start : start + MAX_FORMS])
    if not rows:
        raise Http404
    data = pdf.render_forms(questionnaire, rows, selectors.questions(questionnaire))
    which = rows[0].unit.code if one else f"{building}-{part}"
    name = f"questionnaire-{questionnaire.year}-{which}.pdf"
    return file_response(data, PDF, name, inline=True)


@require_GET
@role_required(*REPORT_ROLES)
def report(request, pk: int):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    context = {
        "questionnaire": questionnaire,
        "stats": selectors.statistics(questionnaire),
        "pdf_url": reverse("surveys:report-pdf", args=[questionnaire.pk]),
    }
    return render(request, "surveys/report.html", context)


@require_GET
@role_required(*REPORT_ROLES)
def report_pdf(request, pk: int):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    with pdf.print_language():
        stats = selectors.statistics(questionnaire)
    data = pdf.render_report(questionnaire, stats)
    return file_response(data, PDF, f"owner-satisfaction-{questionnaire.year}.pdf", inline=True)
