from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm

from .models import Kind
from .services import schemas


class UploadForm(OnceForm):
    estate = forms.ModelChoiceField(queryset=None, label=_("Estate"))
    kind = forms.ChoiceField(choices=Kind.choices, label=_("The file holds"))
    source = forms.CharField(
        label=_("Source"),
        max_length=50,
        initial="HC",
        help_text=_("The column mapping is remembered per source."),
    )
    file = forms.FileField(label=_("File (xlsx or CSV, UTF-8 or GBK)"))
    default_since = forms.DateField(
        label=_("Owner since, when the file gives no date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, estates=(), **kwargs):
        super().__init__(*args, **kwargs)
        from owners.models import Estate

        self.fields["estate"].queryset = Estate.objects.filter(pk__in=[e.pk for e in estates])
        if len(estates) == 1:
            self.fields["estate"].initial = estates[0].pk


class MappingForm(DeskForm):
    """One choice per column we know: which header of the file holds it."""

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((h, h) for h in batch.headers if h)]
        for column in schemas.columns(batch.kind):
            self.fields[column.key] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=column.label,
                initial=batch.mapping.get(column.key, ""),
                help_text=_("Required") if column.required else "",
            )

    def mapping(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ConfirmForm(DeskForm):
    clean_rows_only = forms.BooleanField(
        required=False, label=_("Import the clean rows and keep the rejected ones to correct")
    )
