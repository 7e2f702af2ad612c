from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Document
from .uploads import validate_scan


class DocumentForm(forms.ModelForm):
    file = forms.FileField(label=_("scan"), required=False, validators=[validate_scan])

    class Meta:
        model = Document
        fields = ["kind", "title", "file", "original_sighted", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("archive", _("Archive document")))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("original_sighted"):
            raise forms.ValidationError(_("Upload a scan or tick 'original sighted'."))
        return cleaned
