"""A participant stops reminders from the link in a message, in a real browser."""

import pytest

from portal.ground.notifications.services import reminders_stop_url
from tests.factories import UserFactory
from tests.plugins.browser import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_stops_reminders_with_the_keyboard_from_the_message_link(live_server, page):
    user = UserFactory(email="awa@exemple.bj")
    path = reminders_stop_url(user=user).removeprefix("http://127.0.0.1:8000")

    page.goto(live_server.url + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Rappels des ateliers"
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Ne plus recevoir de rappels").focus()
    page.keyboard.press("Enter")
    done = page.get_by_role("status").filter(has_text="vous ne recevrez plus de rappels")
    done.wait_for()
    assert done.is_visible()
    assert accessibility_violations(page) == []
    user.refresh_from_db()
    assert user.reminders_enabled is False
