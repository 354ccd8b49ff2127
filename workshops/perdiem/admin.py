"""The rates of a workshop (per diem per day, transport per commune of origin), and its payment
sheets read with their history. Validation and reopening happen on the sheet's own page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.ground.admin import HistoryAdmin

from .models import PaymentSheet, PerDiemScale, TransportRate


class TransportRateInline(admin.TabularInline):
    model = TransportRate
    extra = 1
    autocomplete_fields = ["commune"]


def _sheet_link(workshop_id):
    return format_html(
        '<a href="{}">{}</a>', reverse("perdiem:sheet", args=[workshop_id]), _("Ouvrir l'état de paiement")
    )


@admin.register(PerDiemScale)
class PerDiemScaleAdmin(HistoryAdmin):
    list_display = ["workshop", "daily_amount", "illustrative", "sheet_link"]
    list_select_related = ["workshop"]
    search_fields = ["workshop__title"]
    autocomplete_fields = ["workshop"]
    inlines = [TransportRateInline]

    @admin.display(description=_("état de paiement"))
    def sheet_link(self, obj):
        return _sheet_link(obj.workshop_id)


@admin.register(PaymentSheet)
class PaymentSheetAdmin(HistoryAdmin):
    list_display = ["workshop", "status", "validated_at", "validated_by", "sheet_link"]
    list_select_related = ["workshop", "validated_by"]
    list_filter = ["status"]
    search_fields = ["workshop__title"]
    readonly_fields = [
        "workshop",
        "status",
        "validated_at",
        "validated_by",
        "attendance_digest",
        "illustrative",
        "reopen_reason",
        "sheet_link",
    ]
    fields = readonly_fields

    @admin.display(description=_("état de paiement"))
    def sheet_link(self, obj):
        return _sheet_link(obj.workshop_id)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
