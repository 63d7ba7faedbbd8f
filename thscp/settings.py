"""Settings for Partnership Hub.

Everything that differs between a laptop and production comes from the environment
(see the table in README.md). Without any environment the app runs on embedded
defaults: SQLite, Celery tasks run eagerly, email printed to the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from thscp.storage import default_storage_setting

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or TESTING):
    # Only for a developer's machine: never used with debug off.
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
# With debug off and no key, the web app, runserver and Celery refuse to start
# (thscp/startup.py) and check --deploy fails; commands that sign nothing, such as
# makemigrations --check, still run.

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The partnership is data, not code: its name comes from the environment.
PARTNERSHIP_NAME = os.environ.get("PARTNERSHIP_NAME", "Tower Hamlets Safeguarding Children Partnership")
PARTNERSHIP_SHORT_NAME = os.environ.get("PARTNERSHIP_SHORT_NAME", "THSCP")
# The address people reach the service at: links in emails use it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    # django-csp: its system checks catch settings in the pre-4.0 format.
    "csp",
    "governance",
    "reviews",
    "priorities",
    "dataset",
    "training",
    "thscp",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (thscp/operations/request_logs.py).
    "thscp.operations.request_logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the headers too.
    "csp.middleware.CSPMiddleware",
    "thscp.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs sign-in unless its view says otherwise (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "governance.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "governance.middleware.RequireTwoFactorMiddleware",
    "governance.middleware.DeniedRequestLoggingMiddleware",
    "governance.middleware.NoStoreForSignedInMiddleware",
    # Writes the case access log for responses that showed a case record (not 404s).
    "reviews.access_log.CaseAccessLogMiddleware",
    # Axes last, so that it sees the outcome of the sign-in view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thscp.urls"
WSGI_APPLICATION = "thscp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thscp.context_processors.partnership",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# NCSC password guidance: length and a deny-list, no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Hashing strength is not under test; speed is.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sign-in through django-allauth, by email; accounts are created by the business unit.
ACCOUNT_ADAPTER = "governance.adapters.PartnershipAccountAdapter"
ACCOUNT_FORMS = {"login": "governance.forms.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PARTNERSHIP_SHORT_NAME}] "
# django-axes is the one lockout mechanism; allauth's own failed-login limit would
# pre-empt it with a different message.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
# Email addresses are changed by the business unit (on the contact and the account),
# never by the person: allauth's email page answers 404 (thscp/urls.py), and one
# address per account means nothing can be added even if it were reached.
ACCOUNT_CHANGE_EMAIL = False
ACCOUNT_MAX_EMAIL_ADDRESSES = 1

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PARTNERSHIP_SHORT_NAME
MFA_RECOVERY_CODE_COUNT = 10
# Accept the code either side of the current 30-second step: phones drift, and a code
# typed as the step turns over is still the right one (RFC 6238 section 6).
MFA_TOTP_TOLERANCE = 1
# Every code form counts wrong codes against the account (governance.security), since
# ACCOUNT_RATE_LIMITS above also turns off allauth's own limit on codes.
MFA_FORMS = {
    "authenticate": "governance.adapters.LimitedAuthenticateForm",
    "reauthenticate": "governance.adapters.LimitedReauthenticateForm",
    "activate_totp": "governance.adapters.LimitedActivateTOTPForm",
}
# Wrong codes (authenticator or recovery) in a row: after every 5 the account waits a
# minute; after 10 it is locked for 30 minutes or until the business unit clears it,
# and each wrong code after that locks it again. A right code resets the count. Kept
# in the database, not the cache, so the limit holds with Redis down.
TWO_FACTOR_FAILURES_BEFORE_PAUSE = env_int("TWO_FACTOR_FAILURES_BEFORE_PAUSE", 5)
TWO_FACTOR_PAUSE = timedelta(minutes=1)
TWO_FACTOR_LOCKOUT_FAILURES = env_int("TWO_FACTOR_LOCKOUT_FAILURES", 10)
TWO_FACTOR_LOCKOUT_TIME = timedelta(minutes=env_int("TWO_FACTOR_LOCKOUT_MINUTES", 30))
# Roles that can see case data must use two-factor authentication when debug is off.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)

# django-axes: 5 failures for one account from one address lock that pair out for
# 30 minutes. Not by address alone: a whole agency often signs in from one address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "governance.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# How many reverse proxies we run in front of the app: their X-Forwarded-For entries
# are trusted, nothing a client adds before them is.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "governance.security.client_ip"
AXES_VERBOSE = False

# Sessions: a new session on sign-in (Django cycles the key), expiry after inactivity
# and an absolute lifetime after which the user signs in again.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 10))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files on the local disk under MEDIA_ROOT, or in object storage when STORAGE_URL (or
# AWS_STORAGE_BUCKET_NAME) is set: see thscp/storage.py.
STORAGE_URL = os.environ.get("STORAGE_URL", "")
STORAGES = {
    "default": default_storage_setting(STORAGE_URL, os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploaded papers are private: they live outside the static tree and are served
# only through views that check permission. MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Email: printed to the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{PARTNERSHIP_SHORT_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with REDIS_URL the broker is real; without, tasks run in the request.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Tests run tasks eagerly; the broker test starts a real worker against Redis itself.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A request must never hang because the broker is down: short timeouts, few retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# First retry of a failed reminder email after this many seconds, doubling each time.
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    # Every morning; the task itself skips weekends and bank holidays (governance.calendar).
    "daily-reminders": {"task": "thscp.run_daily_reminders", "schedule": crontab(hour=7, minute=0)},
    # Picks up digests left waiting while the broker was down.
    "reminder-sweep": {"task": "thscp.sweep_reminders", "schedule": 600.0},
    # Requeues yearly-report renders the broker never got, and recovers stuck ones once.
    "report-render-sweep": {"task": "thscp.sweep_report_renders", "schedule": 300.0},
    # The health check's evidence that the beat and a worker run (thscp/operations/health.py).
    "beat-heartbeat": {"task": "thscp.beat_heartbeat", "schedule": 60.0},
    # Lists the records past their retention period for the business unit to review.
    "retention-review": {"task": "thscp.list_records_past_retention", "schedule": crontab(hour=6, minute=30)},
}

# The health check (GET /health/): each dependency must answer within this many seconds,
# and the beat's heartbeat (every minute) must be no older than HEALTH_BEAT_STALE_SECONDS.
HEALTH_TIMEOUT_SECONDS = env_int("HEALTH_TIMEOUT_SECONDS", 2)
HEALTH_BEAT_STALE_SECONDS = env_int("HEALTH_BEAT_STALE_SECONDS", 300)
# The checks whose failure answers 503 (the others are still reported, with 200).
HEALTH_REQUIRED = env_list("HEALTH_REQUIRED", "database,broker,beat")

# Retention (UK GDPR Article 5(1)(e); the ICO sets no fixed periods): years each kind of
# record is kept once its period starts (for a case, its closure), after which the daily
# job lists it for the business unit to review and, on their decision, erase. The
# justification of each period is in README.md ("Retention"). A kind not named here is
# kept. Each area's retention.py says how its kinds' periods start.
RETENTION = {
    "reviews.seriousincident": env_int("RETENTION_CASE_YEARS", 15),
    "governance.person": env_int("RETENTION_CONTACT_YEARS", 2),
}

CACHES = {
    "default": (
        {
            "BACKEND": "thscp.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL and not TESTING
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Production hardening: `manage.py check --deploy` passes with no warnings.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = not TESTING
    CSRF_COOKIE_SECURE = not TESTING
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The load balancer asks /health/ over plain HTTP inside the network: no redirect for it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content Security Policy (django-csp 4): everything from our own origin, no
# inline script or style (behaviour and styling live in static/), no plugins, no
# framing, forms post only to us. img-src allows data: because allauth shows the QR
# code for setting up two-factor sign-in as a data: URI image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Powerful browser features the service never uses, denied to every page and frame
# (thscp.headers.PermissionsPolicyMiddleware sends them as Permissions-Policy).
# browsing-topics is what replaced FLoC's interest-cohort, which browsers no longer know.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
CSRF_COOKIE_HTTPONLY = True

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
# "json": one JSON object a line with the request id, for a log collector; else plain text.
LOG_FORMAT = "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "plain"
# A request header set by a proxy of ours (replacing any a client sent), such as
# X-Request-ID, whose value becomes the request's id. Empty: every id is generated here.
REQUEST_ID_HEADER = os.environ.get("REQUEST_ID_HEADER", "").strip()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "thscp.operations.request_logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "thscp.operations.request_logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Sign-ins, failures, lockouts and denied requests: the security audit trail.
        "security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint logs a line per page per layout pass at INFO.
        "weasyprint.progress": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
