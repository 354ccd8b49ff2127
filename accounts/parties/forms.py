import base64
import binascii

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import PersonSignupForm
from accounts.models import User
from accounts.phones import BeninPhoneField
from portal.ground.geography import Commune

from .delegate_csv import MAX_BYTES
from .models import Delegate, OfficialRole, Party, PartyOfficial
from .services import party_register

LOGO_MAX_BYTES = 2 * 1024 * 1024


def party_duplicates(*, name=None, acronym=None, registration_number=None, exclude_pk=None):
    """Field -> French message for each value another party already uses (case ignored)."""
    parties = Party.objects.exclude(pk=exclude_pk)
    errors = {}
    if name and parties.filter(name__iexact=name.strip()).exists():
        errors["party_name"] = _("Un parti porte déjà ce nom.")
    if acronym and parties.filter(acronym__iexact=acronym.strip()).exists():
        errors["acronym"] = _("Un parti porte déjà ce sigle.")
    if (
        registration_number
        and parties.filter(registration_number__iexact=registration_number.strip()).exists()
    ):
        errors["registration_number"] = _("Ce numéro d'enregistrement est déjà utilisé.")
    return errors


class PartySignupForm(PersonSignupForm):
    """A party signs up: its first responsable's account and the party, pending verification."""

    party_name = forms.CharField(label=_("Nom du parti"), max_length=250)
    acronym = forms.CharField(label=_("Sigle"), max_length=30)
    registration_number = forms.CharField(
        label=_("Numéro d'enregistrement au ministère"),
        max_length=60,
        help_text=_("Tel qu'il figure sur le récépissé d'enregistrement délivré par le ministère."),
    )
    registration_date = forms.DateField(
        label=_("Date d'enregistrement"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    head_office_commune = forms.ModelChoiceField(label=_("Commune du siège"), queryset=Commune.objects.all())
    logo = forms.ImageField(label=_("Logo (facultatif)"), required=False)

    field_order = [
        "party_name",
        "acronym",
        "registration_number",
        "registration_date",
        "head_office_commune",
        "logo",
        "first_name",
        "last_name",
        "phone",
        "email",
        "password1",
        "password2",
    ]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Le logo dépasse 2 Mo : choisissez une image plus légère."))
        return logo

    def clean_registration_date(self):
        date = self.cleaned_data["registration_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La date d'enregistrement ne peut pas être dans le futur."))
        return date

    def clean(self):
        cleaned = super().clean()
        for name, message in party_duplicates(
            name=cleaned.get("party_name"),
            acronym=cleaned.get("acronym"),
            registration_number=cleaned.get("registration_number"),
        ).items():
            self.add_error(name, message)
        return cleaned

    def custom_signup(self, request, user):
        party_register(
            user=user,
            name=self.cleaned_data["party_name"],
            acronym=self.cleaned_data["acronym"],
            registration_number=self.cleaned_data["registration_number"],
            registration_date=self.cleaned_data["registration_date"],
            head_office_commune=self.cleaned_data["head_office_commune"],
            logo=self.cleaned_data.get("logo"),
        )


class DelegateForm(forms.ModelForm):
    phone = BeninPhoneField()

    class Meta:
        model = Delegate
        fields = ["first_name", "last_name", "gender", "phone", "email", "commune", "party_role"]

    def __init__(self, *args, party, **kwargs):
        self.party = party
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        others = self.party.delegates.filter(phone=phone).exclude(pk=self.instance.pk)
        if others.exists():
            other = others.first()
            message = _("Ce numéro figure déjà dans la liste des délégués du parti (%(name)s).") % {
                "name": other.full_name
            }
            if other.archived_at:
                message = _(
                    "Ce numéro est celui d'un délégué archivé (%(name)s) : rétablissez-le plutôt."
                ) % {"name": other.full_name}
            raise forms.ValidationError(message)
        return phone


class DelegateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une ligne par délégué ; séparateur « ; » ou « , » ; enregistré depuis Excel ou LibreOffice."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo. Découpez-le en plusieurs fichiers."))
        if upload.name and not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choisissez un fichier .csv (dans Excel : Enregistrer sous, CSV)."))
        return upload.read()


class DelegateImportConfirmForm(forms.Form):
    """The file seen in the report, sent back to be imported: checked again from scratch."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=MAX_BYTES * 2)
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(
                _("Le fichier envoyé est illisible ; choisissez-le à nouveau.")
            ) from None


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail de la personne"))
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=OfficialRole.choices,
        initial=OfficialRole.MEMBRE,
        help_text=_(
            "Un responsable gère les responsables, les délégués et les inscriptions ; un membre consulte."
        ),
    )


class OfficialRoleForm(forms.ModelForm):
    class Meta:
        model = PartyOfficial
        fields = ["role"]


class InvitationAcceptForm(forms.Form):
    """A person invited without an account creates it here: the invitation's address is theirs."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    phone = BeninPhoneField()
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and cleaned.get("password2") and password != cleaned["password2"]:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PartyRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du rejet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce motif est envoyé par e-mail aux responsables du parti."),
    )
