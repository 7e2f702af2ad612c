"""What the owners form pages share."""

from django.shortcuts import render
from django.urls import reverse


def render_form(request, template: str, form, status: int, **context):
    """A form page; ``cancel_url`` leads back to the owner, else to the unit."""
    if "owner" in context:
        cancel_url = reverse("owners:owner-detail", args=[context["owner"].pk])
    else:
        cancel_url = reverse("owners:unit-detail", args=[context["unit"].pk])
    context = {"form": form, "cancel_url": cancel_url, **context}
    return render(request, template, context, status=status)
