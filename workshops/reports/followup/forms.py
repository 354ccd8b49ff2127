from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import RecommendationStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service (type from its content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Où en est la recommandation ?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ce que votre organisation a fait, avec des dates. Le ministère relit la note avant de la publier."
        ),
    )
    proposed_status = forms.ChoiceField(
        label=_("Statut proposé"),
        required=False,
        choices=[("", _("Inchangé"))]
        + [
            (value, label)
            for value, label in RecommendationStatus.choices
            if value != RecommendationStatus.PROPOSED
        ],
    )
    files = MultipleFileField(
        label=_("Pièces justificatives"),
        required=False,
        help_text=_("PDF, documents, présentations, images, audio ou vidéo ; au plus %(count)d fichiers.")
        % {"count": settings.FOLLOWUP_EVIDENCE_MAX_FILES},
    )


class NoteRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("L'organisation le lit sur sa page de suivi."),
    )
