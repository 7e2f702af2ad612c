"""The questionnaire's forms: a household's answers (one field a question, built from the
questionnaire), finding a household, copying to another year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm

from .models import Question, Response

RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class AnswersForm(DeskForm):
    """Every question as a field ``q<id>``, required as the question is (every missing answer
    marked at once); the service judges the answers again, whole."""

    channel = forms.ChoiceField(
        label=_("How the answers came"),
        choices=Response.Channel.choices,
        initial=Response.Channel.PAPER,
    )

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = f"{question.order}. {question.text}"
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            if question.kind == Question.Kind.SINGLE:
                field: forms.Field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, required=False
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            elif question.kind == Question.Kind.RATING:
                field = forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect, required=False)
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
                )
            field.label = label
            field.required = question.required
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class FindForm(DeskForm):
    q = forms.CharField(
        label=_("Response code or unit"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class CopyForm(DeskForm):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year
    )
