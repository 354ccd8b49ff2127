from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.management.base import BaseCommand, CommandError

from portal.tasks import ping


class Command(BaseCommand):
    help = "Envoie une tâche au worker Celery et attend sa réponse (code de sortie non nul sinon)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="secondes d'attente (10 par défaut)")

    def handle(self, *args, timeout, **options):
        try:
            result = ping.delay()
            answer = result.get(timeout=timeout)
        except CeleryTimeoutError:
            raise CommandError(
                f"Aucun worker Celery n'a répondu en {timeout:g} s : est-il démarré et relié au même broker ?"
            ) from None
        except Exception as exc:  # noqa: BLE001 -- the broker itself may be unreachable
            raise CommandError(f"Le broker Celery est injoignable : {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Le worker a répondu : {answer}"))
