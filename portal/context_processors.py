from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def portal(request):
    """The same page in the other languages, for the language switch (plain links, no form)."""
    current = get_language()
    alternates = [
        # Each language is named in itself ("English", "Français"), as its readers look for it.
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"language_alternates": alternates}
