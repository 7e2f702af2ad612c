"""The desk's form for a collection attempt (催缴): input parsing only, the rules are in
``fees.collection.collection_attempt_record``."""

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from owners.forms import DATE_WIDGET

from .collection import ATTEMPT_FIELDS
from .models import CollectionAttempt


class CollectionAttemptForm(forms.ModelForm):
    class Meta:
        model = CollectionAttempt
        fields = list(ATTEMPT_FIELDS)
        widgets = {
            "channel": forms.RadioSelect,
            "owner_questions": forms.Textarea(attrs={"rows": 3}),
            "promised_on": DATE_WIDGET,
            "next_follow_up": DATE_WIDGET,
        }
        help_texts = {
            "identity_shown": _(
                "At the door: show your staff card and say why you came. On the phone: say "
                "who you are, confirm who you are speaking with, say why you call."
            ),
            "contact_name": _("Required for a phone call that reached someone."),
            "contact_left": _("When a question could not be answered on the spot."),
            "promised_on": _("Required when the outcome is a promise to pay."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = CollectionAttempt.Channel.choices  # no empty choice
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            # back to the follow-up list after saving, when the page was opened from it
            HTML('{% if next %}<input type="hidden" name="next" value="{{ next }}">{% endif %}'),
            Row(Column("channel"), Column("contact_name")),
            "identity_shown",
            "owner_questions",
            Row(Column("answered_on_spot"), Column("contact_left")),
            Row(Column("outcome"), Column("promised_on"), Column("next_follow_up")),
            FormActions(
                Submit("save", _("Record attempt")),
                HTML(
                    format_html(
                        '<a class="btn btn-link" href="{{{{ cancel_url }}}}">{}</a>', _("Cancel")
                    )
                ),
            ),
        )
