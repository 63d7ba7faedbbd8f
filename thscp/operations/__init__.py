"""Operations: the health check, request ids in structured logs, and retention with its
erasure. One package, as reminders and reports are: models, services, views, tasks."""
