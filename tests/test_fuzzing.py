"""Hostile input on public and participant forms: never a 500, nothing stored half-way, nothing
echoed unescaped. Each form is listed once with the fields a visitor can type into."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(min_size=5000, max_size=12000, alphabet=st.characters(codec="utf-8")),
    st.sampled_from([
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE accounts_user; --",
        "' OR '1'='1", "\u202eélbasiv", "🇧🇯🔥" * 50, "\x00\x01\x02\x1b[31m", "%00%0d%0aSet-Cookie: x=1",
        "{{ settings.SECRET_KEY }}", "{% debug %}", "../../etc/passwd", "+229 97 00 00 00" * 20,
    ]),
)

FUZZ = settings(
    max_examples=25, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# (url name, method, fields typed by the visitor)
FORMS = [
    ("workshops:catalogue", "get", ["periode", "public", "commune", "annee", "page"]),
    ("account_login", "post", ["login", "password"]),
    ("account_signup", "post", ["email", "password1", "password2"]),
    ("account_reset_password", "post", ["email"]),
]


def _assert_safe(response, values):
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        for value in values:
            if "<script>" in value or "<img" in value:
                assert value not in html


@pytest.mark.parametrize(("name", "method", "fields"), FORMS, ids=[form[0] for form in FORMS])
def test_hostile_input_never_breaks_a_form(client, name, method, fields):
    users_before = User.objects.count()

    @FUZZ
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attempt(data):
        response = getattr(client, method)(reverse(name), data)
        _assert_safe(response, data.values())

    attempt()
    assert User.objects.count() == users_before
