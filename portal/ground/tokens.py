"""Tokens of secret links that the server can make again instead of storing them.

A token derived from an id under SECRET_KEY (and a salt naming its use) is rebuilt when the mail
leaves, so the message journal never holds it; the database keeps only its digest, to find the
row a link names."""

import base64
import hashlib

from django.utils.crypto import salted_hmac


def derived_token(*, salt, value):
    digest = salted_hmac(salt, str(value), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()
