from django.core.management.base import BaseCommand

from portal import demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans rien dupliquer si on la relance)."

    def handle(self, *args, **options):
        accounts = demo.load()
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for role, email in accounts:
            self.stdout.write(f"  - {role} : {email}")
