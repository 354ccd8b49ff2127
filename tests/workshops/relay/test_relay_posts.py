""" "J'ai publié": a media actor declares where they relayed a talk; only an address on that
platform's own sites is taken, once. Staff read the figures per actor, platform and
communication; the workshop's report shows them as aggregates, without a name."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CommunicationFactory,
    EnrollmentFactory,
    MediaActorFactory,
    PlatformFactory,
    ReportFactory,
    VerifiedUserFactory,
)
from tests.plugins.documents import pdf_text
from workshops.relay import services
from workshops.relay.models import RelayPost
from workshops.relay.selectors import relay_figures_for_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


@pytest.fixture
def report():
    return ReportFactory(published=True, workshop__title="Atelier de Possotomè")


@pytest.fixture
def talk(report):
    return CommunicationFactory(workshop=report.workshop, title="Médias sociaux et sécurité")


def _actor(talk, email, *platforms):
    profile = MediaActorFactory(
        user__email=email, user__first_name="Fifamè", user__last_name=email.split("@")[0]
    )
    for kind, handle, audience in platforms:
        PlatformFactory(profile=profile, kind=kind, handle=handle, audience_size=audience)
    EnrollmentFactory(workshop=talk.workshop, user=profile.user)
    return profile.user


@pytest.fixture
def actor(talk):
    return _actor(
        talk,
        "fifame@medias.bj",
        ("facebook", "Bénin Vérité", 1200),
        ("x", "@fifame", 3200),
        ("blog", "https://fifame.bj", 300),
    )


def _platform(user, kind):
    return user.media_profile.platforms.get(kind=kind)


def _declare(user, talk, url, kind):
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("relay:kit", args=[talk.slug]), {"platform": _platform(user, kind).pk, "url": url}
    )


def test_media_actor_declares_a_post_and_sees_it_in_the_kit(actor, talk):
    response = _declare(
        actor, talk, "  https://WWW.Facebook.com/BeninVerite/posts/123#commentaires ", "facebook"
    )
    assert response.status_code == 302 and response["Location"] == reverse("relay:kit", args=[talk.slug])
    post = RelayPost.objects.get()
    assert (
        post.link.actor,
        post.link.communication,
        post.url,
        post.platform_kind,
        post.platform_handle,
        post.audience_size,
    ) == (actor, talk, "https://www.facebook.com/BeninVerite/posts/123", "facebook", "Bénin Vérité", 1200)
    client = Client()
    client.force_login(actor)
    page = client.get(reverse("relay:kit", args=[talk.slug])).content.decode()
    assert "https://www.facebook.com/BeninVerite/posts/123" in page


ACCEPTED = [
    ("facebook", "https://m.facebook.com/story.php?story_fbid=1"),
    ("facebook", "https://fb.watch/abc123/"),
    ("x", "https://x.com/fifame/status/1800000000000000000"),
    ("x", "https://twitter.com/fifame/status/1"),
    ("blog", "https://fifame.bj/2026/03/securite"),
    ("blog", "https://www.fifame.bj/article"),
]


@pytest.mark.parametrize(("kind", "url"), ACCEPTED)
def test_an_address_on_the_platforms_own_sites_is_accepted(actor, talk, kind, url):
    assert _declare(actor, talk, url, kind).status_code == 302
    assert RelayPost.objects.filter(platform_kind=kind).count() == 1


REFUSED = [
    ("facebook", "https://facebook.com.evil.example/post/1", "n'est pas sur Page Facebook"),
    ("facebook", "https://evilfacebook.com/post/1", "n'est pas sur Page Facebook"),
    ("facebook", "https://x.com/fifame/status/1", "(x.com) n'est pas sur Page Facebook"),
    ("facebook", "https://facebook.com@evil.example/post", "n'est pas celle d'une publication"),
    ("facebook", "javascript:alert(1)", "qui commence par https://"),
    ("facebook", "ftp://facebook.com/post", "qui commence par https://"),
    ("facebook", "facebook.com/BeninVerite/posts/1", "qui commence par https://"),
    ("facebook", "https://", "qui commence par https://"),
    ("facebook", "https://www.facebook.com/", "celle du site, pas d'une publication"),
    ("facebook", "https://www.facebook.com:8443/post/1", "n'est pas celle d'une publication"),
    ("x", "https://x.com.phishing.bj/status/1", "n'est pas sur Compte X"),
    ("blog", "https://autre-blog.bj/article", "n'est pas sur Blog"),
    ("facebook", "https://facebook.com/" + "a" * 600, "au plus 500 caractères"),
    ("facebook", "", "Ce champ est obligatoire."),
]


@pytest.mark.parametrize(("kind", "url", "reason"), REFUSED)
def test_a_foreign_or_malformed_address_gets_a_french_error_next_to_the_field(actor, talk, kind, url, reason):
    response = _declare(actor, talk, url, kind)
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["url"])
    assert RelayPost.objects.count() == 0


def test_the_same_post_declared_twice_is_kept_once(actor, talk):
    _declare(actor, talk, "https://x.com/fifame/status/1", "x")
    response = _declare(actor, talk, "https://X.com/fifame/status/1#again", "x")
    assert response.context["form"].errors["url"] == ["Vous avez déjà déclaré cette publication."]
    assert RelayPost.objects.count() == 1


def test_the_database_refuses_a_second_declaration_of_the_same_address():
    from django.db import IntegrityError

    talk = CommunicationFactory()
    actor = _actor(talk, "double@medias.bj", ("x", "@double", 10))
    link = services.relay_links_ensure(actor=actor, communications=[talk])[talk.pk]
    post = services.relay_post_declare(
        link=link, url="https://x.com/d/status/1", platform=_platform(actor, "x")
    )
    with pytest.raises(IntegrityError):
        RelayPost.objects.create(link=link, url=post.url, platform_kind="x", platform_handle="@double")


def test_a_platform_of_somebody_else_cannot_be_chosen(actor, talk):
    other = _actor(talk, "autre@medias.bj", ("x", "@autre", 50))
    client = Client()
    client.force_login(actor)
    response = client.post(
        reverse("relay:kit", args=[talk.slug]),
        {"platform": _platform(other, "x").pk, "url": "https://x.com/autre/status/1"},
    )
    assert response.status_code == 200
    assert "platform" in response.context["form"].errors
    assert RelayPost.objects.count() == 0


def test_an_actor_without_platforms_is_sent_to_their_profile_first(talk):
    actor = _actor(talk, "sans@medias.bj")
    client = Client()
    client.force_login(actor)
    page = client.get(reverse("relay:kit", args=[talk.slug])).content.decode()
    assert "Ajoutez d'abord à votre profil les pages, groupes et comptes où vous publiez" in page


def _story(talk, actor):
    """Fifamè publishes twice on Facebook (same page) and once on X; Sourou once on his blog; their
    links bring 7 and 2 visits."""
    sourou = _actor(talk, "sourou@medias.bj", ("blog", "sourou.bj", 450))
    _declare(actor, talk, "https://facebook.com/BeninVerite/posts/1", "facebook")
    _declare(actor, talk, "https://facebook.com/BeninVerite/posts/2", "facebook")
    _declare(actor, talk, "https://x.com/fifame/status/9", "x")
    _declare(sourou, talk, "https://sourou.bj/relais", "blog")
    links = {link.actor_id: link for link in talk.relay_links.all()}
    for _ in range(7):
        services.relay_link_followed(link_id=links[actor.pk].pk)
    for _ in range(2):
        services.relay_link_followed(link_id=links[sourou.pk].pk)
    return sourou


def test_relay_figures_count_each_page_once_per_communication(actor, talk):
    _story(talk, actor)
    figures = relay_figures_for_workshop(workshop=talk.workshop)
    assert (figures.actors, figures.posts, figures.clicks, figures.reach) == (2, 4, 9, 4850)
    assert [(row.label, row.posts, row.reach) for row in figures.platforms] == [
        ("Page Facebook", 2, 1200),
        ("Compte X", 1, 3200),
        ("Blog", 1, 450),
    ]


def test_the_report_shows_the_relay_figures_without_a_name(actor, talk, report):
    _story(talk, actor)
    page = Client().get(reverse("reports:detail", args=[report.workshop.slug])).content.decode()
    assert "Relais sur les médias sociaux" in page
    assert "2 acteurs des médias sociaux ont relayé les communications de l'atelier." in page
    assert "Les liens de relais ont amené 9 visites vers les communications." in page
    for private in ("Fifamè", "fifame", "sourou", "Bénin Vérité", "BeninVerite"):
        assert private not in page

    text = " ".join(
        " ".join(pdf_text(Client().get(reverse("reports:pdf", args=[report.workshop.slug])).content)).split()
    )
    assert "Relais sur les médias sociaux" in text
    assert "Page Facebook 2 1200" in text and "Compte X 1 3200" in text and "Total 4 4850" in text
    assert "Les liens de relais ont amené 9 visites" in text
    assert "Fifamè" not in text and "Bénin Vérité" not in text


def test_a_report_without_relay_says_so(report):
    page = Client().get(reverse("reports:detail", args=[report.workshop.slug])).content.decode()
    assert "Aucun relais déclaré pour le moment." in page


def test_report_figures_cost_a_bounded_number_of_queries(actor, talk, report, django_assert_max_num_queries):
    _story(talk, actor)
    client = Client()
    client.get(reverse("reports:detail", args=[report.workshop.slug]))
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:detail", args=[report.workshop.slug]))


def _staff(group):
    user = VerifiedUserFactory(email=f"{group}@misp.bj", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_staff_read_clicks_posts_and_reach_per_actor_platform_and_communication(actor, talk):
    _story(talk, actor)
    client = _staff("organisateur")
    response = client.get(reverse("admin:relay_relaylink_changelist"))
    assert response.status_code == 200
    rows = {
        str(link.actor): (link.click_total, link.post_total) for link in response.context["cl"].result_list
    }
    assert rows == {str(actor): (7, 3), "Fifamè sourou": (2, 1)}
    page = response.content.decode()
    assert "Pour la sélection : 2 liens, 9 visites, 4 publications déclarées, portée estimée 4850." in page
    assert "Compte X : @fifame, Page Facebook : Bénin Vérité" in page
    for link in talk.relay_links.all():
        assert link.code not in page  # a code read here and followed would count a visit nobody brought

    by_platform = client.get(reverse("admin:relay_relaylink_changelist"), {"posts__platform_kind": "blog"})
    assert [str(link.actor) for link in by_platform.context["cl"].result_list] == ["Fifamè sourou"]
    assert "portée estimée 450." in by_platform.content.decode()

    posts = client.get(reverse("admin:relay_relaypost_changelist"), {"platform_kind": "facebook"})
    assert sorted(post.url for post in posts.context["cl"].result_list) == [
        "https://facebook.com/BeninVerite/posts/1",
        "https://facebook.com/BeninVerite/posts/2",
    ]


def test_who_relayed_is_not_an_editors_business_but_the_kits_are(talk):
    editor = _staff("éditeur")
    assert editor.get(reverse("admin:relay_relaylink_changelist")).status_code == 403
    assert editor.get(reverse("admin:relay_relaypost_changelist")).status_code == 403
    assert editor.get(reverse("admin:relay_relaykit_add")).status_code == 200
    reader = _staff("lecteur")
    assert reader.get(reverse("admin:relay_relaylink_changelist")).status_code == 200
    assert reader.get(reverse("admin:relay_relaykit_add")).status_code == 403


def test_declaring_a_post_refreshes_the_cached_public_report(
    actor, talk, report, page_cache, django_capture_on_commit_callbacks
):
    url = reverse("reports:detail", args=[report.workshop.slug])
    assert "Aucun relais déclaré pour le moment." in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _declare(actor, talk, "https://x.com/fifame/status/9", "x")
    assert "Compte X" in Client().get(url).content.decode()


def test_an_anonymised_actors_posts_stay_in_the_figures_without_their_address():
    import datetime

    from django.utils import timezone

    from portal.privacy import user_account_delete
    from tests.factories import WorkshopFactory

    past = timezone.now() - datetime.timedelta(days=40)
    workshop = WorkshopFactory(
        status="held", starts_at=past, registration_opens_at=past - datetime.timedelta(days=10)
    )
    talk = CommunicationFactory(workshop=workshop)
    actor = _actor(talk, "partie@medias.bj", ("facebook", "Page de Partie", 800))
    _declare(actor, talk, "https://facebook.com/partie/posts/1", "facebook")
    _declare(actor, talk, "https://facebook.com/partie/posts/2", "facebook")
    assert user_account_delete(user=actor) == "anonymised"
    assert list(
        RelayPost.objects.values_list("url", "platform_handle", "platform_kind", "audience_size")
    ) == [("", "", "facebook", 800), ("", "", "facebook", 800)]
    figures = relay_figures_for_workshop(workshop=workshop)
    assert (figures.actors, figures.posts, figures.reach) == (1, 2, 800)


def test_a_blog_named_like_a_broken_address_gets_a_message_not_an_error(talk):
    # The platform's name is typed freely in the profile; "[monblog.bj" reads as a broken IPv6 address.
    user = _actor(talk, "kossi@medias.bj", ("blog", "[monblog.bj", 80))
    response = _declare(user, talk, "https://monblog.bj/relais", "blog")
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert RelayPost.objects.count() == 0


def test_staff_reading_the_figures_get_no_way_to_the_actors_short_link(actor, talk, admin_client):
    link = services.relay_links_ensure(actor=actor, communications=[talk])[talk.pk]
    from workshops.relay.models import RelayLink

    page = admin_client.get(reverse("admin:relay_relaylink_change", args=[link.pk])).content.decode()
    assert link.code not in page and "/admin/r/" not in page
    assert RelayLink.objects.get(pk=link.pk).clicks.count() == 0
