from django import forms
from django.contrib import admin, messages
from django.db import models
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .forms import DayForm, MoveForm, ReasonForm, ReleaseForm
from .models import (
    Attendance, Certificate, Commune, Enrollment, EnrollmentStatus, Partner, PartyAllocation, SeatRelease, Session,
    Speaker, Theme, Venue, Workshop,
)
from .resources import SpeakerResource, WorkshopResource


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "address"]
    list_select_related = ["commune"]
    list_filter = ["commune__department"]
    search_fields = ["name", "commune__name", "address"]
    autocomplete_fields = ["commune"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare "hss.de" means https


@admin.register(Speaker)
class SpeakerAdmin(ImportExportModelAdmin):
    """Speakers can be imported from a spreadsheet (CSV or XLSX) and exported likewise."""

    resource_classes = [SpeakerResource]
    list_display = ["name", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["day", "starts_at", "ends_at", "title", "room", "speakers"]
    autocomplete_fields = ["speakers"]


def _run_bulk(modeladmin, request, queryset, service, done, skipped):
    """Applies `service(workshop=..., by=...)` to each selected workshop and says how many changed
    and how many were left as they were (the service decides; nothing is changed here)."""
    selected = list(queryset)
    changed = sum(1 for workshop in selected if service(workshop=workshop, by=request.user))
    left = len(selected) - changed
    if changed:
        modeladmin.message_user(request, done % changed, messages.SUCCESS)
    if left:
        modeladmin.message_user(request, skipped % left, messages.WARNING)


@admin.register(Workshop)
class WorkshopAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [WorkshopResource]
    list_display = ["title", "starts_at", "venue", "audience", "status", "seats_taken", "capacity"]
    list_select_related = ["venue__commune", "theme"]
    list_filter = ["status", "audience", "theme", "venue__commune", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "venue__name", "venue__commune__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "theme", "partners"]
    readonly_fields = ["seats_taken", "published_at", "created_at", "updated_at", "attendance_links"]
    inlines = [SessionInline]
    actions = ["publish", "close_registration", "mark_held"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "description", "organiser"]}),
        (_("Public et places"), {"fields": ["audience", "capacity", "party_quota", "seats_taken"]}),
        (_("Lieu et dates"), {"fields": ["venue", "starts_at", "ends_at"]}),
        (_("Inscriptions"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Partenaires"), {"fields": ["partners"]}),
        (_("Statut"), {"fields": ["status", "cancellation_reason", "published_at", "created_at", "updated_at"]}),
        (_("Émargement"), {"fields": ["attendance_links"]}),
    ]

    @admin.display(description=_("page d'émargement et feuilles de présence"))
    def attendance_links(self, obj):
        if obj.pk is None:
            return "—"
        sheets = format_html_join(
            " ", '<a href="{}?jour={}">{} {}</a>',
            ((reverse("workshops:attendance_sheet", args=[obj.pk, fmt]), day.isoformat(), day.strftime("%d/%m/%Y"),
              fmt.upper()) for day in obj.days() for fmt in ("csv", "xlsx")),
        )
        return format_html('<a href="{}">{}</a> · {}', reverse("workshops:checkin", args=[obj.pk]),
                           _("Ouvrir la page d'émargement"), sheets)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # seats_taken moves under the enrollment services' lock while the form is open: never
        # write back the copy this form read.
        obj._history_user = request.user
        obj.save(update_fields=[f.name for f in obj._meta.concrete_fields if not f.primary_key and f.name != "seats_taken"])

    @admin.action(description=_("Publier les ateliers sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_publish,
            ngettext_lazy("%d atelier publié.", "%d ateliers publiés."),
            ngettext_lazy("%d atelier ignoré : seul un brouillon peut être publié.",
                          "%d ateliers ignorés : seul un brouillon peut être publié."),
        )

    @admin.action(description=_("Clore les inscriptions des ateliers sélectionnés"), permissions=["change"])
    def close_registration(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_close_registration,
            ngettext_lazy("Inscriptions closes pour %d atelier.", "Inscriptions closes pour %d ateliers."),
            ngettext_lazy("%d atelier ignoré : seules les inscriptions d'un atelier publié peuvent être closes.",
                          "%d ateliers ignorés : seules les inscriptions d'un atelier publié peuvent être closes."),
        )

    @admin.action(description=_("Marquer les ateliers sélectionnés comme tenus"), permissions=["change"])
    def mark_held(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_mark_held,
            ngettext_lazy("%d atelier marqué comme tenu.", "%d ateliers marqués comme tenus."),
            ngettext_lazy("%d atelier ignoré : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
                          "%d ateliers ignorés : seul un atelier publié et déjà commencé peut être marqué comme tenu."),
        )


# --- Enrollments, the quota ledger and attendance -----------------------------------------------


def _intermediate(modeladmin, request, queryset, *, form_class, title, apply):
    """Shows an intermediate form (reason, target, day…) for an action, then applies it to each
    selected row through `apply(obj, cleaned_data)`, which calls one service and may raise
    EnrollmentRefused; refusals are listed, the rest is done."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        done, refusals = 0, []
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data)
                done += 1
            except services.EnrollmentRefused as refused:
                refusals.append(f"{obj} : {refused.message}")
        if done:
            modeladmin.message_user(request, ngettext("%d ligne traitée.", "%d lignes traitées.", done) % done, messages.SUCCESS)
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
        return None
    return TemplateResponse(request, "admin/workshops/action_form.html", {
        **modeladmin.admin_site.each_context(request), "title": title, "form": form, "objects": queryset,
        "action": request.POST.get("action"), "opts": modeladmin.model._meta,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    })


class StaffEnrollmentForm(forms.ModelForm):
    """Staff enroll one person: a media actor's account or a party delegate, with a reason."""

    staff_user = None
    staff_reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    class Meta:
        model = Enrollment
        fields = ["workshop", "user", "delegate"]

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("delegate")):
            raise ValidationError(_("Choisissez soit un acteur des médias sociaux, soit un délégué."))
        if self.errors:
            return data
        try:
            # A trial run of the service in a savepoint, undone at once, so that a refusal shows
            # on the form; the enrollment itself is written by save_model.
            with transaction.atomic():
                services.staff_enroll(workshop=data["workshop"], user=data.get("user"), delegate=data.get("delegate"),
                                      by=self.staff_user, reason=data.get("staff_reason") or "-")
                transaction.set_rollback(True)
        except services.EnrollmentRefused as refused:
            raise ValidationError(refused.message) from refused
        return data


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day", "checked_in_at", "method", "checked_in_by"]
    readonly_fields = ["checked_in_at", "checked_in_by"]
    can_delete = False


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "workshop", "party", "status", "checkin_code", "created_at"]
    list_select_related = ["workshop", "party", "user", "delegate"]
    list_filter = ["status", "workshop", "party", ("workshop__starts_at", admin.DateFieldListFilter)]
    search_fields = ["user__email", "user__last_name", "delegate__last_name", "delegate__first_name",
                     "person_phone", "checkin_code", "workshop__title", "party__acronym"]
    autocomplete_fields = ["workshop", "user"]
    raw_id_fields = ["delegate"]  # the parties app registers no delegate admin with a search
    readonly_fields = ["party", "person_phone", "status", "waiting_since", "checkin_code", "created_by", "reason",
                       "created_at", "updated_at"]
    inlines = [AttendanceInline]
    actions = ["cancel", "move", "mark_present"]
    history_list_display = ["status", "reason"]

    def has_change_permission(self, request, obj=None):
        # Changes go through the actions (services), never through a raw edit of the row.
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["workshop", "user", "delegate", "staff_reason"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = StaffEnrollmentForm
        form = super().get_form(request, obj, **kwargs)
        form.staff_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        # The add form of the admin enrolls through the service; its clean() already proved that
        # the service accepts, so a refusal here would be a race, reported as an error page.
        data = form.cleaned_data
        created = services.staff_enroll(workshop=data["workshop"], user=data.get("user"), delegate=data.get("delegate"),
                                        by=request.user, reason=data["staff_reason"])
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # nothing else to save: the service wrote the enrollment

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.action(description=_("Annuler les inscriptions (avec un motif)"), permissions=["delete"])
    def cancel(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=ReasonForm, title=_("Annuler des inscriptions"),
                             apply=lambda e, data: services.staff_cancel(enrollment=e, by=request.user, reason=data["reason"]))

    @admin.action(description=_("Déplacer vers un autre atelier (avec un motif)"), permissions=["delete"])
    def move(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=MoveForm, title=_("Déplacer des inscriptions"),
                             apply=lambda e, data: services.staff_move(enrollment=e, to_workshop=data["to_workshop"],
                                                                       by=request.user, reason=data["reason"]))

    @admin.action(description=_("Marquer présents pour une journée"), permissions=["mark"])
    def mark_present(self, request, queryset):
        def apply(enrollment, data):
            if data["day"] not in enrollment.workshop.days():
                raise services.EnrollmentRefused(_("L'atelier n'a pas lieu ce jour-là."))
            services.attendance_mark(enrollments=[enrollment], day=data["day"], by=request.user)

        return _intermediate(self, request, queryset, form_class=DayForm, title=_("Marquer la présence"), apply=apply)

    def has_mark_permission(self, request):
        return request.user.has_perm("workshops.add_attendance")

    def has_delete_permission(self, request, obj=None):
        # Enrollments are cancelled (kept, with their history), never deleted; the permission
        # name is reused to say who may cancel and move.
        return super().has_delete_permission(request, obj) and obj is None

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(PartyAllocation)
class PartyAllocationAdmin(admin.ModelAdmin):
    list_display = ["workshop", "party", "seats_allowed", "seats_taken", "present"]
    list_select_related = ["workshop", "party"]
    list_filter = ["workshop", "party"]
    search_fields = ["workshop__title", "party__name", "party__acronym"]
    readonly_fields = ["workshop", "party", "seats_taken"]
    actions = ["release"]

    def get_queryset(self, request):
        return selectors.allocations_with_presence()

    @admin.display(description=_("présents"), ordering="present")
    def present(self, obj):
        return obj.present

    def has_add_permission(self, request):
        return False  # lines are created by the enrollment services, with the workshop's quota

    @admin.action(description=_("Libérer les places non utilisées"), permissions=["change"])
    def release(self, request, queryset):
        return _intermediate(self, request, queryset, form_class=ReleaseForm, title=_("Libérer les places non utilisées"),
                             apply=lambda a, data: services.release_unused_seats(workshop=a.workshop, party=a.party,
                                                                                 to=data["to"], by=request.user))


@admin.register(SeatRelease)
class SeatReleaseAdmin(admin.ModelAdmin):
    list_display = ["workshop", "party", "seats", "target", "released_by", "created_at"]
    list_filter = ["target", "workshop"]
    readonly_fields = ["workshop", "party", "seats", "target", "rule", "released_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "day", "checked_in_at", "method", "checked_in_by"]
    list_select_related = ["enrollment__workshop", "enrollment__user", "enrollment__delegate", "checked_in_by"]
    list_filter = ["day", "method", "enrollment__workshop"]
    search_fields = ["enrollment__checkin_code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["enrollment", "day", "checked_in_at", "checked_in_by", "method"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False  # presence is recorded by the check-in page or the enrollments' bulk action


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "enrollment", "issued_at"]
    search_fields = ["code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["code", "enrollment", "issued_at"]

    def has_add_permission(self, request):
        return False
