from .models import CODE_PATTERN


class RelayCodeConverter:
    """Only the shape of a real code (22 characters of the URL-safe alphabet) reaches the view:
    anything else is a 404 without a query."""

    regex = CODE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
