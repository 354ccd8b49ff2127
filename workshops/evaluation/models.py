"""A workshop's questionnaire: satisfaction questions (asked after the workshop) and a knowledge
test (asked before and after, to measure what was learnt), and the answers of its participants.

One answer set per enrollment and phase, guarded by the database. Free text is for staff only:
public figures are aggregates (selectors.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    BEFORE = "avant", _("Avant l'atelier")
    AFTER = "apres", _("Après l'atelier")


class Section(models.TextChoices):
    SATISFACTION = "satisfaction", _("Satisfaction (après l'atelier)")
    KNOWLEDGE = "connaissances", _("Test de connaissances (avant et après)")


class QuestionKind(models.TextChoices):
    SCALE = "echelle", _("Note de 1 à 5")
    CHOICE = "choix", _("Choix unique")
    MULTIPLE = "choix_multiples", _("Choix multiples")
    TEXT = "texte", _("Texte libre")


class ResponseSource(models.TextChoices):
    LINK = "lien", _("Lien personnel")
    ROOM = "salle", _("QR code de la salle")
    PAPER = "papier", _("Questionnaire papier saisi")


class Questionnaire(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="questionnaire",
        verbose_name=_("atelier"),
    )
    introduction = models.TextField(
        _("mot d'accueil"),
        blank=True,
        help_text=_("Facultatif : affiché en tête du questionnaire."),
    )
    is_example = models.BooleanField(
        _("exemple fictif"),
        default=False,
        help_text=_(
            "Questions et réponses inventées pour la démonstration : marquées « Exemple fictif » partout."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire d'évaluation")
        verbose_name_plural = _("questionnaires d'évaluation")

    def __str__(self):
        return str(self.workshop)


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    section = models.CharField(_("partie"), max_length=15, choices=Section.choices)
    kind = models.CharField(_("type de réponse"), max_length=15, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("réponse obligatoire"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="evaluation_question_section_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="evaluation_question_kind_valid"
            ),
            # A test question is marked right or wrong: it offers choices.
            models.CheckConstraint(
                condition=~Q(section=Section.KNOWLEDGE)
                | Q(kind__in=[QuestionKind.CHOICE, QuestionKind.MULTIPLE]),
                name="evaluation_question_knowledge_has_choices",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE)

    def asked_in(self, phase):
        return self.section == Section.KNOWLEDGE or phase == Phase.AFTER


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("réponse proposée"), max_length=200)
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")

    def __str__(self):
        return self.text


class Response(models.Model):
    """The answers of one participant for one phase, given at once (services.response_submit)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", verbose_name=_("questionnaire")
    )
    enrollment = models.ForeignKey(
        "workshops.Enrollment",
        on_delete=models.CASCADE,
        related_name="evaluation_responses",
        verbose_name=_("inscription"),
    )
    phase = models.CharField(_("moment"), max_length=5, choices=Phase.choices)
    source = models.CharField(_("saisie"), max_length=6, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    submitted_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses aux questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "phase"],
                name="evaluation_response_once_per_phase",
                violation_error_message=_("Cette personne a déjà répondu au questionnaire pour ce moment."),
            ),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="evaluation_response_phase_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ResponseSource.values), name="evaluation_response_source_valid"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment} — {self.get_phase_display()}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("réponse")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    scale = models.PositiveSmallIntegerField(_("note"), null=True, blank=True)
    text = models.TextField(_("texte"), blank=True)
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers", verbose_name=_("choix"))
    is_correct = models.BooleanField(_("juste"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="evaluation_answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="evaluation_answer_scale_1_to_5",
            ),
        ]

    def __str__(self):
        return str(self.question)
