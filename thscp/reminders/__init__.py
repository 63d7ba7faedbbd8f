"""Reminders: every working day each person gets one email of the deadlines that need
them, collected from each area's deadlines(today) (services.py); the business unit sees
what was sent (views.py); Celery sends and retries (tasks.py)."""
