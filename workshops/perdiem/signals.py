"""An erased person keeps no name or phone in the payment sheets validated before: their row (and
its history) stays, for the amounts, under an anonymous name. Enrollments are anonymised by the
workshops' enrollment_anonymise (account deleted, delegate erased), which saves the enrollment."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from workshops.models import Enrollment

from .models import PaymentLine
from .selectors import ANONYMISED_PHONE_PREFIX

ANONYMOUS_NAME = "Personne anonymisée"


@receiver(post_save, sender=Enrollment)
def _enrollment_anonymised(sender, instance, **kwargs):
    if not instance.person_phone.startswith(ANONYMISED_PHONE_PREFIX):
        return
    erased = {"name": ANONYMOUS_NAME, "phone": ""}
    PaymentLine.objects.filter(enrollment=instance).update(**erased)
    PaymentLine.history.filter(enrollment_id=instance.pk).update(**erased)
