"""Each addressee code recommendations were filed under becomes an organisation, and every
existing recommendation answers through the organisation of its code. Staff may then rename an
organisation, or point a recommendation at a more precise one (a directorate, a party, the CENA)."""

from django.db import migrations

# code -> (organisation name, kind); names as the tracker showed the codes.
CODES = {
    "ministry": ("Directions du ministère", "directorate"),
    "parties": ("Partis politiques", "other"),
    "media": ("Acteurs des médias sociaux", "other"),
    "partners": ("Partenaires", "other"),
}


def forward(apps, schema_editor):
    Organisation = apps.get_model("reports", "AddresseeOrganisation")
    Recommendation = apps.get_model("reports", "Recommendation")
    for code, (name, kind) in CODES.items():
        if not Recommendation.objects.filter(addressee=code, organisation__isnull=True).exists():
            continue
        organisation, _created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
        Recommendation.objects.filter(addressee=code, organisation__isnull=True).update(organisation=organisation)


def backward(apps, schema_editor):
    apps.get_model("reports", "Recommendation").objects.update(organisation=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_addressee_organisations")]
    operations = [migrations.RunPython(forward, backward)]
