from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.ground.geography import Commune

from .models import MediaActorProfile, Platform, User
from .phones import BeninPhoneField
from .services import media_actor_profile_create


class PersonSignupForm(SignupForm):
    """allauth's sign-up (e-mail, password twice) plus who the person is. The adapter copies
    names, phone and commune onto the account; subclasses add what their kind of account needs
    in `custom_signup`, which runs in the same transaction as the account's creation."""

    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    phone = BeninPhoneField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].help_text = _(
            "Vous vous connecterez avec cette adresse ; un lien de confirmation y sera envoyé."
        )
        self.fields["password1"].label = _("Mot de passe")
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        self.fields["password1"].widget.attrs.pop("placeholder", None)
        self.fields["password2"].label = _("Mot de passe (confirmation)")
        self.fields["password2"].widget.attrs.pop("placeholder", None)

    def save(self, request):
        # The account and its profile (or party) exist together or not at all.
        with transaction.atomic():
            return super().save(request)


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = ["kind", "handle", "audience_size"]
        labels = {"handle": _("Nom de la page, du groupe ou adresse")}
        help_texts = {"audience_size": _("Abonnés, membres ou visiteurs, approximativement.")}


class BasePlatformFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Indiquez au moins une plateforme : page, groupe, compte ou blog."),
    }

    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data["kind"], form.cleaned_data["handle"].strip().lower())
            if key in seen:
                form.add_error("handle", _("Cette plateforme figure déjà plus haut."))
            seen.add(key)

    def platforms(self):
        """The rows to keep, as plain values for the services."""
        return [
            {
                "kind": form.cleaned_data["kind"],
                "handle": form.cleaned_data["handle"].strip(),
                "audience_size": form.cleaned_data.get("audience_size"),
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


SignupPlatformFormSet = forms.formset_factory(
    PlatformForm,
    formset=BasePlatformFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
)
ProfilePlatformFormSet = forms.formset_factory(
    PlatformForm,
    formset=BasePlatformFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
)
PLATFORMS_PREFIX = "plateformes"


class MediaRolesForm(forms.ModelForm):
    class Meta:
        model = MediaActorProfile
        fields = ["is_page_admin", "is_web_activist", "is_blogger", "gender"]


class MediaActorSignupForm(PersonSignupForm):
    """A social-media actor: the account, the commune, the roles and at least one platform."""

    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.all())
    is_page_admin = MediaActorProfile._meta.get_field("is_page_admin").formfield(
        label=_("J'administre une page ou un groupe")
    )
    is_web_activist = MediaActorProfile._meta.get_field("is_web_activist").formfield(
        label=_("Je suis web-activiste")
    )
    is_blogger = MediaActorProfile._meta.get_field("is_blogger").formfield(
        label=_("Je suis blogueur ou blogueuse")
    )
    gender = MediaActorProfile._meta.get_field("gender").formfield(label=_("Genre (facultatif)"))

    field_order = [
        "email",
        "first_name",
        "last_name",
        "phone",
        "commune",
        "is_page_admin",
        "is_web_activist",
        "is_blogger",
        "gender",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms = SignupPlatformFormSet(self.data if self.is_bound else None, prefix=PLATFORMS_PREFIX)

    def is_valid(self):
        platforms_valid = self.platforms.is_valid()
        return super().is_valid() and platforms_valid

    def custom_signup(self, request, user):
        media_actor_profile_create(
            user=user,
            is_page_admin=self.cleaned_data["is_page_admin"],
            is_web_activist=self.cleaned_data["is_web_activist"],
            is_blogger=self.cleaned_data["is_blogger"],
            gender=self.cleaned_data["gender"],
            platforms=self.platforms.platforms(),
        )


class ProfileForm(forms.ModelForm):
    phone = BeninPhoneField()

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "phone",
            "commune",
            "preferred_channel",
            "reminders_enabled",
            "language",
        ]
        labels = {"first_name": _("Prénom"), "last_name": _("Nom")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = self.fields["last_name"].required = True


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password
