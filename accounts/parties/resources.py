"""Import and export of the parties' tables (django-import-export), with French headers: the
ministry's register of political parties (matched on the registration number; a new party starts
"en attente de vérification" like any other) and the parties' rosters of delegates."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from portal.ground.resources import (
    AllOrNothingResource,
    CommuneWidget,
    FrenchDateWidget,
    SpreadsheetSafeResource,
    text_field,
)

from .models import Delegate, Party


class PartyRegisterResource(AllOrNothingResource):
    """The ministry's register of political parties: name, acronym, registration number and date,
    commune of the head office. Re-importing the register updates the parties it already knows."""

    name = text_field("name", _("nom"))
    acronym = text_field("acronym", _("sigle"))
    registration_number = text_field("registration_number", _("numéro d'enregistrement"))
    registration_date = fields.Field(
        attribute="registration_date", column_name=_("date d'enregistrement"), widget=FrenchDateWidget()
    )
    head_office_commune = fields.Field(
        attribute="head_office_commune", column_name=_("commune du siège"), widget=CommuneWidget()
    )

    class Meta:
        model = Party
        fields = ["name", "acronym", "registration_number", "registration_date", "head_office_commune"]
        export_order = fields
        import_id_fields = ["registration_number"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("head_office_commune").order_by("name")


class DelegateResource(SpreadsheetSafeResource):
    """The parties' rosters (the admin's filter by party gives one party's)."""

    party = fields.Field(attribute="party__acronym", column_name=_("parti"))
    last_name = fields.Field(attribute="last_name", column_name=_("nom"))
    first_name = fields.Field(attribute="first_name", column_name=_("prénom"))
    gender = fields.Field(attribute="get_gender_display", column_name=_("genre"))
    phone = fields.Field(column_name=_("téléphone"))
    email = fields.Field(attribute="email", column_name=_("adresse e-mail"))
    commune = fields.Field(attribute="commune__name", column_name=_("commune"))
    party_role = fields.Field(attribute="party_role", column_name=_("fonction dans le parti"))
    archived_at = fields.Field(
        attribute="archived_at", column_name=_("archivé le"), widget=widgets.DateTimeWidget("%d/%m/%Y")
    )

    class Meta:
        model = Delegate
        fields = [
            "party",
            "last_name",
            "first_name",
            "gender",
            "phone",
            "email",
            "commune",
            "party_role",
            "archived_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party", "commune").order_by(
            "party__name", "last_name", "first_name", "pk"
        )

    def dehydrate_phone(self, delegate):
        return str(delegate.phone)
