"""The meters read on a form (custody's start and end, a move-in's acceptance)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm

from ..services.meters import Readings

READING = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class ReadingsMixin(DeskForm):
    water = forms.DecimalField(label=_("Water meter (m³)"), **READING)
    electricity = forms.DecimalField(label=_("Electricity meter (kWh)"), **READING)
    gas = forms.DecimalField(label=_("Gas meter (m³)"), required=False, **READING)

    def readings(self) -> Readings:
        data = self.cleaned_data
        return Readings(water=data["water"], electricity=data["electricity"], gas=data["gas"])
