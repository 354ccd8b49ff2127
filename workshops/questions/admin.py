from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import RegistrationQuestion


class RegistrationQuestionInline(admin.TabularInline):
    """In the workshop's admin: the questions asked at enrollment, in their order."""

    model = RegistrationQuestion
    extra = 0
    fields = ["position", "label", "kind", "options", "required"]
    verbose_name_plural = _("questions posées à l'inscription (facultatif)")
