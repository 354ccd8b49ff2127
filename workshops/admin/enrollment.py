"""Enrollments, the parties' quota ledger, seat releases, attendance and certificates in the
admin. Every change goes through the services: the add form enrolls, actions cancel, move, mark
presence and release seats."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from portal.ground.admin import HistoryAdmin

from .. import selectors, services
from ..forms import DayForm, MoveForm, ReasonForm, ReleaseForm
from ..models import Attendance, Certificate, Enrollment, PartyAllocation, SeatRelease
from ..resources import EnrollmentResource
from .actions import intermediate_page


class StaffEnrollmentForm(forms.ModelForm):
    """Staff enroll one person: a media actor's account or a party delegate, with a reason."""

    staff_user = None
    staff_reason = forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

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
                services.enrollment_create_by_staff(
                    workshop=data["workshop"],
                    user=data.get("user"),
                    delegate=data.get("delegate"),
                    by=self.staff_user,
                    reason=data.get("staff_reason") or "-",
                )
                transaction.set_rollback(True)
        except services.PhoneAlreadyEnrolled as refused:
            # Next to the person chosen, whose phone number it is.
            self.add_error("delegate" if data.get("delegate") else "user", refused.message)
        except services.WorkshopRefused as refused:
            raise ValidationError(refused.message) from refused
        return data


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day", "checked_in_at", "method", "checked_in_by"]
    readonly_fields = ["checked_in_at", "checked_in_by"]
    can_delete = False


@admin.register(Enrollment)
class EnrollmentAdmin(ExportMixin, HistoryAdmin):
    """Enrollments are exported (CSV, XLSX) with the list's filters applied: one workshop's, one
    party's, the waiting list…"""

    resource_classes = [EnrollmentResource]
    list_display = ["__str__", "workshop", "party", "status", "checkin_code", "created_at"]
    list_select_related = ["workshop", "party", "user", "delegate"]
    list_filter = ["status", "workshop", "party", ("workshop__starts_at", admin.DateFieldListFilter)]
    search_fields = [
        "user__email",
        "user__last_name",
        "delegate__last_name",
        "delegate__first_name",
        "person_phone",
        "checkin_code",
        "workshop__title",
        "party__acronym",
    ]
    autocomplete_fields = ["workshop", "user", "delegate"]
    readonly_fields = [
        "party",
        "person_phone",
        "status",
        "waiting_since",
        "checkin_code",
        "created_by",
        "reason",
        "created_at",
        "updated_at",
    ]
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
        created = services.enrollment_create_by_staff(
            workshop=data["workshop"],
            user=data.get("user"),
            delegate=data.get("delegate"),
            by=request.user,
            reason=data["staff_reason"],
        )
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # nothing else to save: the service wrote the enrollment

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.action(description=_("Annuler les inscriptions (avec un motif)"), permissions=["delete"])
    def cancel(self, request, queryset):
        return intermediate_page(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Annuler des inscriptions"),
            apply=lambda e, data: services.enrollment_cancel_by_staff(
                enrollment=e, by=request.user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Déplacer vers un autre atelier (avec un motif)"), permissions=["delete"])
    def move(self, request, queryset):
        return intermediate_page(
            self,
            request,
            queryset,
            form_class=MoveForm,
            title=_("Déplacer des inscriptions"),
            apply=lambda e, data: services.enrollment_move_by_staff(
                enrollment=e, to_workshop=data["to_workshop"], by=request.user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Marquer présents pour une journée"), permissions=["mark"])
    def mark_present(self, request, queryset):
        def apply(enrollment, data):
            # The service refuses a day outside the workshop or still to come, with its reason.
            services.attendance_mark(enrollments=[enrollment], day=data["day"], by=request.user)

        return intermediate_page(
            self, request, queryset, form_class=DayForm, title=_("Marquer la présence"), apply=apply
        )

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


class PartyAllocationForm(forms.ModelForm):
    class Meta:
        model = PartyAllocation
        fields = ["seats_allowed"]

    def clean_seats_allowed(self):
        seats_allowed = self.cleaned_data["seats_allowed"]
        if self.instance.pk and seats_allowed < self.instance.seats_taken:
            raise ValidationError(
                _("Le parti occupe déjà %(taken)d places : son quota ne peut pas descendre en dessous.")
                % {"taken": self.instance.seats_taken}
            )
        return seats_allowed


@admin.register(PartyAllocation)
class PartyAllocationAdmin(admin.ModelAdmin):
    form = PartyAllocationForm
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

    def save_model(self, request, obj, form, change):
        # Only the seats allowed are edited here, under the workshop's lock: a plain save would
        # write back a seat counter read before an enrollment made meanwhile.
        services.allocation_set_allowed(allocation=obj, seats_allowed=obj.seats_allowed, by=request.user)

    @admin.action(description=_("Libérer les places non utilisées"), permissions=["change"])
    def release(self, request, queryset):
        return intermediate_page(
            self,
            request,
            queryset,
            form_class=ReleaseForm,
            title=_("Libérer les places non utilisées"),
            apply=lambda a, data: services.allocation_release_unused(
                workshop=a.workshop, party=a.party, to=data["to"], by=request.user
            ),
        )


@admin.register(SeatRelease)
class SeatReleaseAdmin(admin.ModelAdmin):
    list_display = ["workshop", "party", "seats", "target", "released_by", "created_at"]
    list_select_related = ["workshop", "party", "released_by"]
    list_filter = ["target", "workshop"]
    readonly_fields = ["workshop", "party", "seats", "target", "rule", "released_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "day", "checked_in_at", "method", "checked_in_by"]
    list_select_related = [
        "enrollment__workshop",
        "enrollment__user",
        "enrollment__delegate",
        "checked_in_by",
    ]
    list_filter = ["day", "method", "enrollment__workshop"]
    search_fields = ["enrollment__checkin_code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["enrollment", "day", "checked_in_at", "checked_in_by", "method"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False  # presence is recorded by the check-in page or the enrollments' bulk action


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "enrollment", "issued_at"]
    list_select_related = ["enrollment__workshop", "enrollment__user", "enrollment__delegate"]
    search_fields = ["code", "enrollment__delegate__last_name", "enrollment__user__email"]
    readonly_fields = ["code", "enrollment", "issued_at"]

    def has_add_permission(self, request):
        return False
