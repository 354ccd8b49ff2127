"""Bad input on the social-media actor's forms: French errors next to the fields, nothing saved."""

import pytest
from django.urls import reverse

from accounts.models import MediaActorProfile, User
from tests.accounts.test_accounts_story import media_signup_data, profile_data
from tests.factories import MediaActorFactory, VerifiedUserFactory, commune

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": ""}, "phone", "Ce champ est obligatoire."),
        (
            {"phone": "229"},
            "phone",
            "Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00.",
        ),
        ({"first_name": ""}, "first_name", "Ce champ est obligatoire."),
        (
            {"commune": "99999"},
            "commune",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ),
        ({"password2": "autre-chose-2026"}, "password2", "Vous devez saisir deux fois le même mot de passe."),
    ],
)
def test_media_signup_refuses_bad_input_next_to_the_field(client, overrides, field, message):
    response = client.post(reverse("account_signup"), media_signup_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not User.objects.exists() and not MediaActorProfile.objects.exists()


def test_media_signup_requires_one_platform_and_no_duplicates(client):
    response = client.post(
        reverse("account_signup"),
        media_signup_data(
            **{"plateformes-0-kind": "", "plateformes-0-handle": "", "plateformes-0-audience_size": ""}
        ),
    )
    assert response.context["form"].platforms.non_form_errors() == [
        "Indiquez au moins une plateforme : page, groupe, compte ou blog."
    ]
    response = client.post(
        reverse("account_signup"),
        media_signup_data(
            **{"plateformes-1-kind": "facebook", "plateformes-1-handle": "bohicon infos citoyennes"}
        ),
    )
    assert response.context["form"].platforms.forms[1].errors["handle"] == [
        "Cette plateforme figure déjà plus haut."
    ]
    response = client.post(
        reverse("account_signup"), media_signup_data(**{"plateformes-0-audience_size": "-5"})
    )
    assert response.context["form"].platforms.forms[0].errors["audience_size"] == [
        "Assurez-vous que cette valeur est supérieure ou égale à 0."
    ]
    assert not User.objects.exists()


def test_existing_address_is_not_revealed_at_signup(client, smtp_server, django_capture_on_commit_callbacks):
    VerifiedUserFactory(email="deja@exemple.bj")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), media_signup_data(email="DEJA@exemple.bj"))
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1 and not MediaActorProfile.objects.exists()
    [message] = smtp_server.to("deja@exemple.bj")  # the owner is told, not the visitor


def test_profile_refuses_a_malformed_phone_and_keeps_the_old_values(client):
    profile = MediaActorFactory(user__phone="+2290197000001", user__commune=commune("cotonou"))
    client.force_login(profile.user)
    response = client.post(reverse("accounts:profile"), {**profile_data(profile.user, []), "phone": "123"})
    assert response.context["form"].errors["phone"] == [
        "Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00."
    ]
    profile.user.refresh_from_db()
    assert profile.user.phone.as_e164 == "+2290197000001" and profile.user.preferred_channel == "email"


def test_failed_logins_are_locked_out_with_a_french_message(client):
    user = VerifiedUserFactory(email="verrou@exemple.bj")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "mauvais"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "motdepasse-solide-2026"}
    )
    assert (
        "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans quelques minutes"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
