from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validators import MAX_POST_URL, post_url_clean


def _platform_label(platform):
    if platform.audience_size:
        return _("%(platform)s (%(audience)s abonnés)") % {
            "platform": platform,
            "audience": number_format(platform.audience_size, force_grouping=True),
        }
    return str(platform)


class PostDeclareForm(forms.Form):
    """ "J'ai publié": the address of the post and the actor's platform that carried it."""

    platform = forms.TypedChoiceField(label=gettext_lazy("Plateforme"), coerce=int)
    url = forms.CharField(
        label=gettext_lazy("Adresse de la publication"),
        max_length=MAX_POST_URL,
        help_text=gettext_lazy("Copiez le lien de votre publication, par exemple https://www.facebook.com/…"),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms = {platform.pk: platform for platform in platforms}
        self.fields["platform"].choices = [(pk, _platform_label(p)) for pk, p in self.platforms.items()]

    def clean(self):
        cleaned = super().clean()
        platform = self.platforms.get(cleaned.get("platform"))
        if platform is not None and cleaned.get("url"):
            try:
                cleaned["url"] = post_url_clean(
                    cleaned["url"], platform_kind=platform.kind, platform_handle=platform.handle
                )
            except forms.ValidationError as error:
                self.add_error("url", error)
        cleaned["platform"] = platform
        return cleaned
