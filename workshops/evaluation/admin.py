"""The questionnaires in the admin: staff write the questions (inlines), send the links, print
the room's QR codes and key in paper questionnaires; the answers are read here, never changed.
No page shows a participant's link: it is made only when its message leaves."""

import segno
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.ground.http import absolute_url

from . import links, services
from .forms import PaperEntryForm
from .models import Answer, Choice, Phase, Question, Questionnaire, Response, ResponseSource, Section
from .selectors import questions_for


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["position", "section", "kind", "text", "required"]
    show_change_link = True  # its choices and the right answers are on the question's own page


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 3
    fields = ["position", "text", "is_correct"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["workshop", "question_count", "answers_before", "answers_after", "is_example"]
    list_select_related = ["workshop"]
    search_fields = ["workshop__title"]
    autocomplete_fields = ["workshop"]
    fields = ["workshop", "introduction", "is_example", "tools"]
    readonly_fields = ["tools"]
    inlines = [QuestionInline]
    actions = ["send_before", "send_after"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                question_total=Count("questions", distinct=True),
                before_total=Count("responses", filter=Q(responses__phase=Phase.BEFORE), distinct=True),
                after_total=Count("responses", filter=Q(responses__phase=Phase.AFTER), distinct=True),
            )
        )

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, obj):
        return obj.question_total

    @admin.display(description=_("réponses avant"), ordering="before_total")
    def answers_before(self, obj):
        return obj.before_total

    @admin.display(description=_("réponses après"), ordering="after_total")
    def answers_after(self, obj):
        return obj.after_total

    @admin.display(description=_("en salle et sur papier"))
    def tools(self, obj):
        if obj.pk is None:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [
                (reverse("admin:evaluation_questionnaire_room_qr", args=[obj.pk, phase]), label)
                for phase, label in (
                    (Phase.BEFORE, _("QR code de la salle (avant)")),
                    (Phase.AFTER, _("QR code de la salle (après)")),
                )
            ]
            + [
                (reverse("admin:evaluation_questionnaire_paper", args=[obj.pk, phase]), label)
                for phase, label in (
                    (Phase.BEFORE, _("Saisir un questionnaire papier (avant)")),
                    (Phase.AFTER, _("Saisir un questionnaire papier (après)")),
                )
            ],
        )

    def _send(self, request, queryset, phase):
        if not self.has_change_permission(request):
            raise PermissionDenied
        queued = sum(
            services.questionnaire_send(workshop=q.workshop, phase=phase, by=request.user) for q in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%d message mis en file ; ceux déjà envoyés ou déjà répondus ne sont pas renvoyés.",
                "%d messages mis en file ; ceux déjà envoyés ou déjà répondus ne sont pas renvoyés.",
                queued,
            )
            % queued,
            messages.SUCCESS,
        )

    @admin.action(description=_("Envoyer le questionnaire (avant)"), permissions=["change"])
    def send_before(self, request, queryset):
        self._send(request, queryset, Phase.BEFORE)

    @admin.action(description=_("Envoyer le questionnaire (après)"), permissions=["change"])
    def send_after(self, request, queryset):
        self._send(request, queryset, Phase.AFTER)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<int:object_id>/salle/<str:phase>/",
                view(self.room_qr_view),
                name="evaluation_questionnaire_room_qr",
            ),
            path(
                "<int:object_id>/papier/<str:phase>/",
                view(self.paper_view),
                name="evaluation_questionnaire_paper",
            ),
            *super().get_urls(),
        ]

    def _questionnaire(self, request, object_id, phase):
        if phase not in Phase.values:
            raise Http404
        return get_object_or_404(Questionnaire.objects.select_related("workshop"), pk=object_id), Phase(phase)

    def room_qr_view(self, request, object_id, phase):
        """The QR code to show in the room (or print): it opens the page that asks for the
        participant's check-in code."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        questionnaire, phase = self._questionnaire(request, object_id, phase)
        url = absolute_url(
            reverse(
                "evaluation:room",
                kwargs={"token": links.room_token(workshop_pk=questionnaire.workshop_id, phase=phase)},
            )
        )
        return TemplateResponse(
            request,
            "admin/evaluation/room_qr.html",
            {
                **self.admin_site.each_context(request),
                "title": _("QR code de la salle — %(phase)s") % {"phase": phase.label},
                "opts": self.model._meta,
                "original": questionnaire,
                "questionnaire": questionnaire,
                "phase": phase,
                "url": url,
                "qr": segno.make(url, error="m").svg_data_uri(scale=8, border=4),
            },
        )

    def paper_view(self, request, object_id, phase):
        """Keying in a paper questionnaire: the participant, then every answer, on one screen."""
        if not request.user.has_perm("evaluation.add_response"):
            raise PermissionDenied
        questionnaire, phase = self._questionnaire(request, object_id, phase)
        questions = questions_for(questionnaire=questionnaire, phase=phase)
        form = PaperEntryForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            workshop=questionnaire.workshop,
        )
        if request.method == "POST" and form.is_valid():
            enrollment = form.cleaned_data["enrollment"]
            try:
                services.response_submit(
                    enrollment=enrollment,
                    phase=phase,
                    answers=form.answers(),
                    source=ResponseSource.PAPER,
                    by=request.user,
                )
            except services.AlreadyAnswered:
                form.add_error(
                    "enrollment",
                    _("%(name)s a déjà répondu pour ce moment : une seule réponse par personne.")
                    % {"name": enrollment.person_name},
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                self.message_user(
                    request,
                    _("Réponses de %(name)s enregistrées.") % {"name": enrollment.person_name},
                    messages.SUCCESS,
                )
                return redirect(request.path)
        return TemplateResponse(
            request,
            "admin/evaluation/paper.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Saisie d'un questionnaire papier — %(phase)s") % {"phase": phase.label},
                "opts": self.model._meta,
                "original": questionnaire,
                "questionnaire": questionnaire,
                "phase": phase,
                "form": form,
            },
            status=400 if form.errors else 200,
        )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "section", "kind", "position"]
    list_filter = ["section", "kind"]
    list_select_related = ["questionnaire__workshop"]
    search_fields = ["text", "questionnaire__workshop__title"]
    autocomplete_fields = ["questionnaire"]
    inlines = [ChoiceInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question = form.instance
        if question.section == Section.KNOWLEDGE and not question.choices.filter(is_correct=True).exists():
            self.message_user(
                request,
                _("Cette question du test n'a pas encore de bonne réponse : cochez-en au moins une."),
                messages.WARNING,
            )


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "scale", "chosen", "text", "is_correct"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("choix"))
    def chosen(self, obj):
        return ", ".join(choice.text for choice in obj.choices.all()) or "—"


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Answers are read, never changed: a wrong paper entry is deleted and keyed in again."""

    list_display = ["person", "workshop", "phase", "source", "submitted_at"]
    list_filter = ["phase", "source", "questionnaire"]
    list_select_related = ["enrollment__user", "enrollment__delegate", "questionnaire__workshop"]
    search_fields = ["questionnaire__workshop__title"]
    fields = ["questionnaire", "enrollment", "phase", "source", "entered_by", "submitted_at"]
    readonly_fields = fields
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("participant"))
    def person(self, obj):
        return obj.enrollment.person_name

    @admin.display(description=_("atelier"), ordering="questionnaire__workshop__title")
    def workshop(self, obj):
        return obj.questionnaire.workshop
