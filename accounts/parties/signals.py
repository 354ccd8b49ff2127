"""What a party's changes tell the parts above accounts, which accounts may not import."""

from django.dispatch import Signal

# Sent inside delegate_anonymise's transaction with `delegate` (already anonymised) and `by`:
# the workshops erase the phone copied on the delegate's enrollments.
delegate_anonymised = Signal()
