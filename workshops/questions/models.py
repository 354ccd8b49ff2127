from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

YES, NO = "oui", "non"


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Texte libre")
    CHOICE = "choice", _("Choix dans une liste")
    YES_NO = "yes_no", _("Oui / non")


class RegistrationQuestion(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="registration_questions",
        verbose_name=_("atelier"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("type de réponse"), max_length=10, choices=QuestionKind.choices)
    options = models.TextField(
        _("choix proposés"), blank=True, help_text=_("Pour un choix dans une liste : une option par ligne.")
    )
    required = models.BooleanField(_("réponse obligatoire"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question d'inscription")
        verbose_name_plural = _("questions d'inscription")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.CHOICE) | ~Q(options=""),
                name="questions_choice_has_options",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class RegistrationAnswer(models.Model):
    """One person's answer to one question: a text, one of the options, or "oui"/"non"."""

    enrollment = models.ForeignKey(
        "workshops.Enrollment",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("inscription"),
    )
    question = models.ForeignKey(
        RegistrationQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.TextField(_("réponse"), max_length=1000)
    answered_at = models.DateTimeField(_("répondu le"), auto_now=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "question"], name="questions_one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question.label} : {self.value}"
