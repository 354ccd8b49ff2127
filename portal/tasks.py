from celery import shared_task


@shared_task(name="portal.ping")
def ping():
    """Answers so that `manage.py ping_worker` and the tests can prove a worker is consuming."""
    return "pong"
