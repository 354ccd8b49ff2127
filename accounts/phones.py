"""Phone numbers of Benin (+229), as people type them and as the SMS gateway needs them.

Since November 2024 Beninese numbers have ten digits and start with 01 (+229 01 97 00 00 00).
One rule for every form and for the CSV import: a valid Beninese number, stored in E.164.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.phonenumber import to_python

INVALID_PHONE = _("Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00.")


def validate_benin_phone(value):
    if value and (not value.is_valid() or value.country_code != 229):
        raise ValidationError(INVALID_PHONE, code="invalid")


def parse_benin_phone(raw):
    """The PhoneNumber typed as `raw` (national or international form), or ValidationError."""
    try:
        number = to_python((raw or "").strip(), region="BJ")
    except phonenumbers.NumberParseException:
        number = None
    if not number or not getattr(number, "is_valid", lambda: False)():
        raise ValidationError(INVALID_PHONE, code="invalid")
    validate_benin_phone(number)
    return number


class BeninPhoneField(PhoneNumberField):
    default_error_messages = {"invalid": INVALID_PHONE}
    default_validators = []  # validate_benin_phone says it once, in French

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Téléphone"))
        kwargs.setdefault("help_text", _("Numéro béninois à dix chiffres, par exemple 01 97 00 00 00."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(region="BJ", **kwargs)
        self.validators.append(validate_benin_phone)
