"""Operations scripts that run beside the app: backups (ops/backup.py)."""
