"""The answers form, built from a workshop's questions: one field per question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NO, YES, QuestionKind


def _field(question):
    common = {"label": question.label, "required": question.required}
    if question.kind == QuestionKind.CHOICE:
        options = [(option, option) for option in question.option_list]
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Oui")), (NO, _("Non"))], widget=forms.RadioSelect, **common
        )
    return forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), **common)


class AnswersForm(forms.Form):
    """`questions`: the workshop's questions; `answers`: {question id: value} already given."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        answers = answers or {}
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _field(question)
            self.initial.setdefault(f"question_{question.pk}", answers.get(question.pk, ""))

    def answers(self):
        """{question: value} of the cleaned form; an empty value means no answer."""
        return {question: self.cleaned_data.get(f"question_{question.pk}", "") for question in self.questions}
