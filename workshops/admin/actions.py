"""What the workshops' admin actions share: a service applied to each selected row, and the
intermediate page that asks for a reason, a day or a target first. Services decide; nothing is
changed here."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from .. import services


def bulk_run(modeladmin, request, queryset, service, done, skipped):
    """Applies `service(workshop=..., by=...)` to each selected workshop and says how many changed
    and how many were left as they were (the service decides; nothing is changed here)."""
    selected = list(queryset)
    changed = sum(1 for workshop in selected if service(workshop=workshop, by=request.user))
    left = len(selected) - changed
    if changed:
        modeladmin.message_user(request, done % changed, messages.SUCCESS)
    if left:
        modeladmin.message_user(request, skipped % left, messages.WARNING)


def intermediate_page(modeladmin, request, queryset, *, form_class, title, apply):
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
            except services.WorkshopRefused as refused:
                refusals.append(f"{obj} : {refused.message}")
        if done:
            modeladmin.message_user(
                request, ngettext("%d ligne traitée.", "%d lignes traitées.", done) % done, messages.SUCCESS
            )
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
        return None
    return action_page(modeladmin, request, queryset, form=form, title=title)


def action_page(modeladmin, request, queryset, *, form, title):
    """The intermediate page of an action: the selected rows and the form that completes it."""
    return TemplateResponse(
        request,
        "admin/workshops/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "objects": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        },
    )
