"""What a relay kit's audio extract and a declared post's address must be. Every refusal says
why, in French, next to the field."""

from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.models import PlatformKind
from workshops.library.models import FileKind
from workshops.library.validators import inspect_upload

MAX_POST_URL = 500

# Where a post on each platform lives. A sub-domain counts (m.facebook.com, chat.whatsapp.com,
# vm.tiktok.com); another site, even one whose name contains these, does not.
PLATFORM_HOSTS = {
    PlatformKind.FACEBOOK: ("facebook.com", "fb.com", "fb.watch", "fb.me"),
    # Channel and group links: whatsapp.com/channel/…, chat.whatsapp.com/…, wa.me/…
    PlatformKind.WHATSAPP: ("whatsapp.com", "wa.me"),
    PlatformKind.X: ("x.com", "twitter.com"),
    PlatformKind.TIKTOK: ("tiktok.com",),
    PlatformKind.YOUTUBE: ("youtube.com", "youtu.be"),
    PlatformKind.BLOG: (),
    PlatformKind.OTHER: (
        "instagram.com",
        "linkedin.com",
        "lnkd.in",
        "threads.net",
        "t.me",
        "telegram.me",
        "snapchat.com",
    ),
}


def _site_of_handle(handle):
    """The web site a platform's "nom ou adresse" names ("monblog.bj", "https://monblog.bj/"),
    without "www."; None when it names none (an @handle, a group's name)."""
    handle = (handle or "").strip()
    if not handle or " " in handle or "." not in handle or handle.startswith("@"):
        return None
    try:
        host = urlsplit(handle if "//" in handle else f"//{handle}").hostname
    except ValueError:  # "[monblog.bj": typed freely in the profile, read as a broken IPv6 address
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def allowed_hosts(*, platform_kind, platform_handle):
    hosts = list(PLATFORM_HOSTS.get(platform_kind, ()))
    if platform_kind in (PlatformKind.BLOG, PlatformKind.OTHER):
        site = _site_of_handle(platform_handle)
        if site:
            hosts.append(site)
    return hosts


def _on(host, domains):
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def post_url_clean(url, *, platform_kind, platform_handle):
    """The address of a declared post, normalised (scheme and host in lower case, no fragment),
    when it is a web address on the platform's own sites; ValidationError otherwise."""
    url = (url or "").strip()
    platform = PlatformKind(platform_kind).label
    if len(url) > MAX_POST_URL:
        raise ValidationError(
            _("Cette adresse est trop longue (%(limit)d caractères au plus).") % {"limit": MAX_POST_URL}
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
        parts = urlsplit(url)
        port = parts.port
    except (ValidationError, ValueError):
        raise ValidationError(
            _("Saisissez l'adresse complète de votre publication, qui commence par https://.")
        ) from None
    if parts.username or parts.password or port not in (None, 80, 443):
        raise ValidationError(
            _("Cette adresse n'est pas celle d'une publication : recopiez-la depuis %(platform)s.")
            % {"platform": platform}
        )
    host = parts.hostname.rstrip(".")
    hosts = allowed_hosts(platform_kind=platform_kind, platform_handle=platform_handle)
    if not hosts:
        raise ValidationError(
            _(
                "Indiquez d'abord l'adresse de votre blog dans votre profil (« nom ou adresse » de la plateforme)."
            )
        )
    if not _on(host, hosts):
        raise ValidationError(
            _(
                "Cette adresse (%(host)s) n'est pas sur %(platform)s : donnez le lien de votre publication sur "
                "%(platform)s (%(hosts)s)."
            )
            % {"host": host, "platform": platform, "hosts": ", ".join(hosts)}
        )
    if parts.path in ("", "/") and not parts.query:
        raise ValidationError(
            _(
                "Cette adresse est celle du site, pas d'une publication : ouvrez votre publication et "
                "copiez son lien."
            )
        )
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, ""))


def validate_relay_kit(kit):
    """Model.clean() of RelayKit: a newly uploaded extract is checked like every library upload
    (type from its content, its name agreeing with it) and must be audio, and short."""
    upload = kit.audio
    if not upload or getattr(upload, "_committed", True):
        if not upload:
            kit.audio_mime_type, kit.audio_size, kit.audio_sha256, kit.audio_name = "", None, "", ""
        return  # nothing new: already stored and inspected
    # The size first: a file far too large is refused before it is read through for its checksum.
    if upload.size and upload.size > settings.RELAY_AUDIO_MAX_BYTES:
        raise ValidationError(
            {
                "audio": _(
                    "Cet extrait pèse %(size)s ; un extrait à partager ne dépasse pas %(limit)s. Raccourcissez-le."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.RELAY_AUDIO_MAX_BYTES),
                }
            }
        )
    try:
        inspection = inspect_upload(upload, kind=FileKind.AUDIO)
    except ValidationError as error:
        raise ValidationError({"audio": error.message_dict.get("file", error.messages)}) from None
    kit.audio_mime_type = inspection.file_type.mime
    kit.audio_size = inspection.size
    kit.audio_sha256 = inspection.sha256
    kit.audio_name = PurePath(upload.name).name[:255]
