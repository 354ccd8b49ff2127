"""The demo's per-diem rates for the Possotomè workshop. The seeds give no amount: these are
invented, stored as `illustrative`, and every page and file that shows them reads « Exemple
fictif ». Loading twice changes nothing and duplicates nothing."""

from portal.ground.geography import Commune
from workshops.models import Workshop
from workshops.perdiem.models import PerDiemScale, TransportRate

from .data import POSSOTOME_SLUG

# Exemple fictif: FCFA per day attended, and transport to Possotomè by commune of origin.
POSSOTOME_DAILY_AMOUNT = 10000
POSSOTOME_TRANSPORT = {
    "cotonou": 4000,
    "porto-novo": 5000,
    "abomey-calavi": 4000,
    "parakou": 15000,
    "ouidah": 3000,
    "lokossa": 2000,
    "bohicon": 5000,
    "djougou": 17000,
    "come": 2000,
    "seme-kpodji": 5000,
}


def possotome_rates_write():
    workshop = Workshop.objects.get(slug=POSSOTOME_SLUG)
    scale, _ = PerDiemScale.objects.update_or_create(
        workshop=workshop, defaults={"daily_amount": POSSOTOME_DAILY_AMOUNT, "illustrative": True}
    )
    communes = {commune.slug: commune for commune in Commune.objects.filter(slug__in=POSSOTOME_TRANSPORT)}
    for slug, amount in POSSOTOME_TRANSPORT.items():
        if slug in communes:
            TransportRate.objects.update_or_create(
                scale=scale, commune=communes[slug], defaults={"amount": amount}
            )
    return scale
