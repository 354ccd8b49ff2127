"""What hostile visitors type, and what the site must never do with it: the hypothesis strategy and
settings shared by the fuzzing stories (test_fuzzing_forms.py, test_fuzzing_url_parameters.py and the
library and reports pages)."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(min_size=5000, max_size=12000, alphabet=st.characters(codec="utf-8")),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE accounts_user; --",
            "' OR '1'='1",
            "\u202eélbasiv",
            "🇧🇯🔥" * 50,
            "\x00\x01\x02\x1b[31m",
            "%00%0d%0aSet-Cookie: x=1",
            "{{ settings.SECRET_KEY }}",
            "{% debug %}",
            "../../etc/passwd",
            "+229 97 00 00 00" * 20,
        ]
    ),
)

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def assert_safe(response, values):
    """Never a 500, and nothing typed echoed unescaped in a page."""
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        for value in values:
            if "<script>" in value or "<img" in value:
                assert value not in html
