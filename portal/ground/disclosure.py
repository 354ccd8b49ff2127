"""Small counts in published figures.

A public table that says "1 woman from Alibori attended" names her to anyone who knows the room.
Every figure the public reads about people (report page and PDF, open data) goes through
`public_count`: from 1 to 4 it reads "< 5". Zero stays zero (it points at nobody). Staff, who see
the names anyway, read the exact counts.
"""

SMALL_COUNT_THRESHOLD = 5
SMALL_COUNT_LABEL = f"< {SMALL_COUNT_THRESHOLD}"


def public_count(count):
    """`count` as it may be published: the number itself, or "< 5" for 1 to 4."""
    if 0 < count < SMALL_COUNT_THRESHOLD:
        return SMALL_COUNT_LABEL
    return count
