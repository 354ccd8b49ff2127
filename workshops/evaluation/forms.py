"""The questionnaire as a form: one field per question of the phase, named after its id."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.models import Enrollment, EnrollmentStatus

from .models import Phase, QuestionKind

SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]
CODE_MAX_LENGTH = 20


def field_name(question):
    return f"q{question.pk}"


def _field(question):
    common = {"label": question.text, "required": question.required}
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            choices=SCALE_CHOICES,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            help_text=_("1 : pas du tout satisfait · 5 : très satisfait"),
            **common,
        )
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    choices = list(question.choices.all())
    if question.kind == QuestionKind.MULTIPLE:
        return forms.ModelMultipleChoiceField(
            queryset=question.choices.all(),
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Plusieurs réponses possibles."),
            **common,
        )
    field = forms.ModelChoiceField(
        queryset=question.choices.all(), widget=forms.RadioSelect, empty_label=None, **common
    )
    field.choices = [(choice.pk, choice.text) for choice in choices]
    return field


class AnswerForm(forms.Form):
    """The questions of one phase. `answers()` gives what services.response_submit takes."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = _field(question)

    def answers(self):
        return {question.pk: self.cleaned_data.get(field_name(question)) for question in self.questions}

    def add_service_errors(self, error):
        """Puts the service's errors ({question id: messages}) next to their questions."""
        for key, messages in error.message_dict.items():
            name = f"q{key}"
            self.add_error(name if name in self.fields else None, messages)

    def question_fields(self):
        return [(question, self[field_name(question)]) for question in self.questions]


class PaperEntryForm(AnswerForm):
    """Staff keying in a paper questionnaire: whose it is, then the answers."""

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"] = forms.ModelChoiceField(
            label=_("Participant"),
            queryset=Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
            .select_related("user", "delegate")
            .order_by("pk"),
        )
        self.fields["enrollment"].label_from_instance = lambda enrollment: enrollment.person_name
        self.order_fields(["enrollment"])


class RoomCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code d'émargement"),
        max_length=CODE_MAX_LENGTH,
        help_text=_("Les 8 caractères imprimés sous le QR code de votre convocation."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper().replace("-", "")


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Moment"), choices=Phase.choices)
