from celery import shared_task


@shared_task(name="thscp.ping")
def ping() -> str:
    """A health check the worker answers; used by operators and the broker test."""
    return "pong"
