"""Path converters: what a URL segment may hold, checked before any view or query sees it."""


class CertificateCodeConverter:
    """A certificate's verification code as people type it from the paper: its letters and
    digits in either case, maybe grouped with dashes or spaces (the view normalises them). Any
    other character — a NUL byte PostgreSQL refuses, a quote, a slash — never reaches the
    database: the address does not exist (404)."""

    regex = r"[A-Za-z0-9][A-Za-z0-9 -]{0,23}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
