"""The import wizard: upload → map the columns → preview the problems → import (a background
job with a progress bar on the job's page) → summary and the rejected rows."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, role_required
from owners.selectors import unit_get

from . import selectors, services
from .forms import ConfirmForm, MappingForm, UploadForm
from .models import ImportBatch, Kind
from .permissions import IMPORT_ROLES, PAST_PAYMENT_ROLES


def _csv(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@role_required(*IMPORT_ROLES)
def batch_list(request):
    page = selectors.batch_page(
        estate_ids=desk_estate_ids(request), cursor=request.GET.get("after", "")
    )
    return render(request, "imports/list.html", {"page": page, "kinds": Kind.choices, "query": ""})


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_ROLES)
def batch_new(request):
    estates = desk_estates(request)
    form = UploadForm(request.POST or None, request.FILES or None, estates=estates)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                actor=request.user,
                estate=form.cleaned_data["estate"],
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                file_name=upload.name,
                data=upload.read(),
                default_since=form.cleaned_data["default_since"],
                form_key=form.form_key,
            )
        except FormUsed as used:
            messages.info(request, used.message)
            return redirect(used.record)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error)
        else:
            return redirect(batch)
    return render(request, "imports/new.html", {"form": form, "kinds": Kind.choices})


def _detail(request, batch, mapping_form=None, confirm_form=None, status=200):
    cursor = request.GET.get("after", "")
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "mapping_form": mapping_form or MappingForm(batch=batch),
            "confirm_form": confirm_form or ConfirmForm(),
            "problems": selectors.problem_page(batch=batch, cursor=cursor),
            "query": urlencode({}),
            "summary": services.summary_text(batch.summary) if batch.summary else "",
            "editable": batch.status in (ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED),
        },
        status=status,
    )


@require_GET
@role_required(*IMPORT_ROLES)
def batch_detail(request, pk):
    return _detail(request, selectors.batch_get(user=request.user, pk=pk))


@require_POST
@role_required(*IMPORT_ROLES)
def batch_check(request, pk):
    batch = selectors.batch_get(user=request.user, pk=pk)
    form = MappingForm(request.POST, batch=batch)
    if form.is_valid():
        try:
            batch = services.batch_check(actor=request.user, batch=batch, mapping=form.mapping())
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error)
        else:
            return redirect(batch)
    return _detail(request, batch, mapping_form=form, status=400)


@require_POST
@role_required(*IMPORT_ROLES)
def batch_confirm(request, pk):
    batch = selectors.batch_get(user=request.user, pk=pk)
    if batch.job_id:  # a second click: the first one queued the import
        return redirect("job-detail", batch.job_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            job = services.batch_confirm(
                actor=request.user,
                batch=batch,
                clean_rows_only=form.cleaned_data["clean_rows_only"],
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            messages.error(request, error.message)
            return redirect(batch)
        return redirect("job-detail", job.pk)
    return redirect(batch)


@require_GET
@role_required(*IMPORT_ROLES)
def rejected(request, pk):
    batch = selectors.batch_get(user=request.user, pk=pk)
    return _csv(services.rejected_rows_csv(batch), f"rejected-{batch.pk}.csv")


@require_GET
@role_required(*IMPORT_ROLES)
def template(request, kind):
    if kind not in Kind.values:
        raise Http404
    return _csv(services.template_csv(kind), f"template-{kind}.csv")


@require_GET
@role_required(*PAST_PAYMENT_ROLES)
def past_payments(request, unit_id):
    """A unit's payments before Front Desk, as its old system recorded them."""
    unit = unit_get(user=request.user, pk=unit_id)
    page = selectors.past_payment_page(unit=unit, cursor=request.GET.get("after", ""))
    return render(request, "imports/past_payments.html", {"unit": unit, "page": page})
