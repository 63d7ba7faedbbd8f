"""Celery tasks: thin wrappers that call the training workflows."""

from celery import shared_task

from . import services


@shared_task(bind=True, name="training.deliver_bulletin", acks_late=True, max_retries=5)
def deliver_bulletin(self, delivery_id: int) -> str:
    # A failed message is recorded as failed (services.deliver_bulletin) and not resent
    # automatically: it may have reached the server, and nobody should get a bulletin twice.
    return services.deliver_bulletin(delivery_id=delivery_id)
