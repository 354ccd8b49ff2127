"""The payment sheet of a workshop, for staff: the page (validate, reopen), its print view and its
files. Thin: each loads the workshop (404), checks a permission (403) and calls one service or
selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.ground.http import attachment_response
from workshops.models import Workshop

from . import exports, services
from .forms import ReopenForm
from .selectors import paymentsheet_for

VIEW = "perdiem.view_paymentsheet"


def _workshop(pk):
    return get_object_or_404(Workshop.objects.select_related("venue__commune"), pk=pk)


def _sheet_page(request, workshop, reopen_form=None, status=200):
    sheet = paymentsheet_for(workshop=workshop)
    return render(
        request,
        "perdiem/sheet.html",
        {
            "workshop": workshop,
            "sheet": sheet,
            "totals": sheet.totals,
            "reopen_form": reopen_form or ReopenForm(),
            "can_validate": request.user.has_perm("perdiem.validate_paymentsheet"),
            "can_reopen": request.user.has_perm("perdiem.reopen_paymentsheet"),
        },
        status=status,
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def sheet(request, pk):
    return _sheet_page(request, _workshop(pk))


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def print_view(request, pk):
    workshop = _workshop(pk)
    sheet = paymentsheet_for(workshop=workshop)
    return render(
        request, "perdiem/sheet_print.html", {"workshop": workshop, "sheet": sheet, "totals": sheet.totals}
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def export(request, pk, fmt):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    workshop = _workshop(pk)
    sheet = paymentsheet_for(workshop=workshop)
    if fmt == "pdf":
        content, content_type = exports.paymentsheet_pdf(sheet=sheet), "application/pdf"
    else:
        content, content_type = exports.paymentsheet_xlsx(sheet=sheet), exports.XLSX
    prefix = "exemple-fictif-" if sheet.illustrative else ""
    return attachment_response(
        content, filename=f"{prefix}etat-de-paiement-{workshop.slug}.{fmt}", content_type=content_type
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def payout(request, pk):
    workshop = _workshop(pk)
    sheet = paymentsheet_for(workshop=workshop)
    # The file goes to an operator as it is: illustrative amounts say so in its name, not in its rows.
    prefix = "exemple-fictif-" if sheet.illustrative else ""
    return attachment_response(
        exports.paymentsheet_payout_csv(sheet=sheet),
        filename=f"{prefix}paiement-mobile-{workshop.slug}.csv",
        content_type="text/csv; charset=utf-8",
    )


@require_POST
@login_required
@permission_required("perdiem.validate_paymentsheet", raise_exception=True)
def validate(request, pk):
    workshop = _workshop(pk)
    try:
        services.paymentsheet_validate(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("État de paiement validé : il ne changera plus avec la présence."))
    return redirect("perdiem:sheet", pk=workshop.pk)


@require_POST
@login_required
@permission_required("perdiem.reopen_paymentsheet", raise_exception=True)
def reopen(request, pk):
    workshop = _workshop(pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.paymentsheet_reopen(
                workshop=workshop, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("perdiem:sheet", pk=workshop.pk)
        else:
            messages.success(request, _("État de paiement rouvert : il suit de nouveau la présence."))
            return redirect("perdiem:sheet", pk=workshop.pk)
    return _sheet_page(request, workshop, reopen_form=form, status=400)
