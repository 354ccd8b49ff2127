from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def portal(request):
    """The same page in the other languages, for the language switch (plain links, no form)."""
    current = get_language()
    alternates = [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {"language_alternates": alternates}
