"""Bases of the back office's imports and exports (django-import-export): French dates, communes
named as people write them, text columns, cells a spreadsheet will not run, all-or-nothing imports."""

import datetime

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .geography import Commune
from .spreadsheets import safe_cell


class FrenchDateWidget(widgets.DateWidget):
    """Reads 31/12/2022 (the ministry's spreadsheets) as well as 2022-12-31 and spreadsheet dates;
    writes 31/12/2022."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")
        self.formats = ("%d/%m/%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        return super().clean(value, row, **kwargs)


class CommuneWidget(widgets.ForeignKeyWidget):
    """A commune named as people write it: case and accents aside (« porto-novo », « Bopa »)."""

    def __init__(self):
        super().__init__(Commune, field="name")

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        commune = Commune.objects.filter(slug=slugify(name)).first()
        if commune is None:
            raise ValueError(_("Commune inconnue : « %(name)s ».") % {"name": name})
        return commune


def text_field(attribute, column_name):
    """A text column: an empty cell is an empty string, never NULL."""
    return fields.Field(
        attribute=attribute, column_name=column_name, widget=widgets.CharWidget(allow_blank=True)
    )


class SpreadsheetSafeResource(resources.ModelResource):
    """Exports whose text cells a spreadsheet will not run as formulas (portal/ground/spreadsheets.py)."""

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))


class AllOrNothingResource(SpreadsheetSafeResource):
    """An import with one bad row saves nothing (the admin's own import does the same), so a
    corrected file can simply be imported again. Rows that change nothing are reported as skipped."""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("use_transactions", True)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)
