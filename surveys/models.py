"""The annual owner satisfaction questionnaire (业主满意度调查): a questionnaire per estate and
year, its questions (single choice, multiple choice, a 1–5 rating, free text) each in a
dimension of the service, choices carrying scores; one response per household (unit) under a
random response code printed on its paper form, its answers entered at the desk."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# The national first-tier property service standard asks for 80% owner satisfaction.
DEFAULT_TARGET = Decimal("80.0")


class Questionnaire(models.Model):
    estate_lookup = "estate"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Collecting answers")
        CLOSED = "closed", _("Closed")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    target = models.DecimalField(
        _("satisfaction target (%)"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_TARGET,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("owner questionnaire")
        verbose_name_plural = _("owner questionnaires")
        ordering = ["-year", "estate"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "year"], name="one_questionnaire_a_year")
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire-detail", args=[self.pk])


class Question(models.Model):
    estate_lookup = "questionnaire__estate"

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating 1–5")
        TEXT = "text", _("Free text")

    class Dimension(models.TextChoices):
        CUSTOMER_SERVICE = "service", pgettext_lazy("survey dimension", "Customer service")
        REPAIRS = "repairs", pgettext_lazy("survey dimension", "Repairs and maintenance")
        SECURITY = "security", pgettext_lazy("survey dimension", "Security and order")
        CLEANING = "cleaning", pgettext_lazy("survey dimension", "Cleaning")
        GREENING = "greening", pgettext_lazy("survey dimension", "Greening")
        FEES = "fees", pgettext_lazy("survey dimension", "Fees and transparency")
        OVERALL = "overall", pgettext_lazy("survey dimension", "Overall")

    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    dimension = models.CharField(
        _("dimension"), max_length=10, choices=Dimension.choices, default=Dimension.OVERALL
    )
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order}. {self.text}"

    @property
    def is_scored(self) -> bool:
        return self.kind != self.Kind.TEXT


class Option(models.Model):
    """A choice of a single- or multiple-choice question, with its score (0–100: how
    satisfied an owner who picks it is)."""

    estate_lookup = "question__questionnaire__estate"

    question = models.ForeignKey(
        Question, models.CASCADE, related_name="options", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    label = models.CharField(_("choice"), max_length=120)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(100)], help_text=_("0 to 100")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="option_score_0_to_100")
        ]

    def __str__(self):
        return self.label


class Response(models.Model):
    """A household's response: its code printed on the paper form, its answers once
    entered."""

    estate_lookup = "questionnaire__estate"

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper form")
        DESK = "desk", _("At the desk")
        PHONE = "phone", _("By phone")

    questionnaire = models.ForeignKey(
        Questionnaire, models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    code = models.CharField(_("response code"), max_length=12)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # The household's satisfaction: the mean of its scored answers (0–100).
    score = models.DecimalField(
        _("satisfaction"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["unit__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "unit"], name="one_response_per_household"
            ),
            models.UniqueConstraint(fields=["questionnaire", "code"], name="one_response_code"),
        ]
        indexes = [
            models.Index(fields=["questionnaire", "answered_at"], name="response_answered"),
        ]

    def __str__(self):
        return f"{self.questionnaire.year} {self.code}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Answer(models.Model):
    """One answer: a choice (one row per choice picked of a multiple-choice question), a
    rating, or words; ``score`` is what it counts for (0–100; none for words)."""

    estate_lookup = "response__questionnaire__estate"

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers")
    option = models.ForeignKey(Option, models.PROTECT, null=True, blank=True, related_name="+")
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["question", "score"], name="answer_question_score")]

    def __str__(self):
        return f"{self.question_id}: {self.option_id or self.rating or self.text[:20]}"
