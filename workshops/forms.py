"""Forms of the enrollment pages, the check-in page and the admin's intermediate pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.parties.models import Delegate

from .models import SeatReleaseTarget, Workshop, WorkshopStatus


class DelegatesForm(forms.Form):
    delegates = forms.ModelMultipleChoiceField(
        label=_("Délégués à inscrire"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un délégué.")},
    )

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegates"].queryset = Delegate.objects.filter(pk__in=[d.pk for d in delegates])
        self.fields["delegates"].label_from_instance = lambda d: f"{d.full_name} ({d.phone})"


class SubstituteForm(forms.Form):
    new_delegate = forms.ModelChoiceField(
        label=_("Remplacer par"), queryset=None, empty_label=_("— choisir —")
    )

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_delegate"].queryset = Delegate.objects.filter(pk__in=[d.pk for d in delegates])
        self.fields["new_delegate"].label_from_instance = lambda d: d.full_name


class CheckinForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Journée"), choices=(), coerce=datetime.date.fromisoformat)
    code = forms.CharField(
        label=_("Code imprimé sous le QR code"),
        max_length=400,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        # The workshop's days come: presence is never recorded ahead (the service refuses it too).
        today = timezone.localdate()
        self.fields["day"].choices = [
            (d.isoformat(), d.strftime("%d/%m/%Y")) for d in workshop.days() if d <= today
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class MoveForm(ReasonForm):
    # Only workshops that still take people (the service refuses the others too).
    to_workshop = forms.ModelChoiceField(
        label=_("Vers l'atelier"),
        queryset=Workshop.objects.filter(
            status__in=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED]
        ).order_by("starts_at"),
    )


class DayForm(forms.Form):
    day = forms.DateField(label=_("Journée (JJ/MM/AAAA)"))


class ReleaseForm(forms.Form):
    to = forms.ChoiceField(label=_("Céder les places non utilisées"), choices=SeatReleaseTarget.choices)


class PresenceAnswerForm(forms.Form):
    """The answer given from the personal link of the e-mail asking « viendrez-vous ? »."""

    choice = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[("confirm", _("Je confirme ma présence")), ("release", _("Je libère ma place"))],
    )
