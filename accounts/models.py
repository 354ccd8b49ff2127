from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class EmailUserManager(UserManager):
    """People log in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Gender(models.TextChoices):
    """Self-declared and optional: a person may prefer not to answer, and counts then in
    their own column of the figures, never guessed."""

    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")
    UNSAID = "N", _("Préfère ne pas répondre")


class Channel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    phone = PhoneNumberField(_("téléphone"), blank=True, region="BJ")
    commune = models.ForeignKey(
        "workshops.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    language = models.CharField(
        _("langue"), max_length=5, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    preferred_channel = models.CharField(
        _("recevoir les messages par"), max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    reminders_enabled = models.BooleanField(_("recevoir les rappels"), default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # Lifting the lock that failed sign-ins put on an account (admin action, accounts/admin.py).
        permissions = [("unlock_login", _("Peut débloquer la connexion d'un compte"))]
        constraints = [
            # Two accounts must never differ only by the case of their address.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class MediaActorProfile(models.Model):
    """What makes a user a social-media actor: the pages, groups and accounts they run."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="media_profile", verbose_name=_("compte")
    )
    is_page_admin = models.BooleanField(_("administrateur de page ou de groupe"), default=False)
    is_web_activist = models.BooleanField(_("web-activiste"), default=False)
    is_blogger = models.BooleanField(_("blogueur"), default=False)
    gender = models.CharField(
        _("genre"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_("Facultatif : sert uniquement aux statistiques de participation, jamais nominatives."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("acteur des médias sociaux")
        verbose_name_plural = _("acteurs des médias sociaux")

    def __str__(self):
        return str(self.user)


class PlatformKind(models.TextChoices):
    FACEBOOK = "facebook", _("Page Facebook")
    WHATSAPP = "whatsapp", _("Groupe WhatsApp")
    X = "x", _("Compte X")
    TIKTOK = "tiktok", _("TikTok")
    BLOG = "blog", _("Blog")
    YOUTUBE = "youtube", _("YouTube")
    OTHER = "other", _("Autre")


class Platform(models.Model):
    profile = models.ForeignKey(MediaActorProfile, on_delete=models.CASCADE, related_name="platforms")
    kind = models.CharField(_("plateforme"), max_length=10, choices=PlatformKind.choices)
    handle = models.CharField(_("nom ou adresse"), max_length=300)
    audience_size = models.PositiveIntegerField(_("audience (abonnés, membres)"), null=True, blank=True)

    class Meta:
        verbose_name = _("plateforme")
        verbose_name_plural = _("plateformes")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "handle"], name="accounts_platform_once_per_profile"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.handle}"
