"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Project apps, in dependency order (a lower app never imports a higher one).
    "accounts",
    "procedures",
    "notifications",
    "documents",
    "registrations",
    "evaluations",
    "subsidies",
    "promotion",
    "plans",
    "stats",
    "producers",
    "ocop_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.middleware.NFCInputMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.CurrentUnitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.wsgi.application"

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
                "accounts.context_processors.portal",
                "notifications.context_processors.bell",
            ],
            "builtins": ["accounts.templatetags.ocop"],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the portal's queries are short, and PostgreSQL compiles any plan whose cost
    # *estimate* passes jit_above_cost. At the nation preset that cost the catalogue's count 15 ms of
    # compiling for 7 ms of work, and the sector filter 682 of 690 ms (bench/README.md, issue 11).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", env.str("PG_OPTIONS", default="-c jit=off"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Django's validators with Vietnamese messages (Django's own catalogue misses some of them).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]

# Vietnamese first: gettext keeps an English locale possible later.
# Vietnamese for everyone, whatever the browser asks: LocaleMiddleware is not installed, so Django's
# own messages (form errors) never switch to English. Add it with an "en" catalogue in locale/.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ocop_portal.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded dossier files are private: MEDIA_ROOT is never mapped to a public URL;
# views stream files after a permission check.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-private/"
OCOP_UPLOAD_MAX_BYTES = env.int("OCOP_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Days a producer's representative invitation code stays valid (issue 15).
OCOP_INVITATION_DAYS = env.int("OCOP_INVITATION_DAYS", default=14)
# The join page refuses an invitation code, even the right one, after this many wrong codes from one
# client address (or, against guessing from many addresses, from all addresses together) within the
# window; every try is recorded (registrations.InvitationAttempt, visible in the admin).
OCOP_INVITATION_FAILURE_LIMIT = env.int("OCOP_INVITATION_FAILURE_LIMIT", default=5)
OCOP_INVITATION_GLOBAL_FAILURE_LIMIT = env.int("OCOP_INVITATION_GLOBAL_FAILURE_LIMIT", default=100)
OCOP_INVITATION_LOCKOUT_MINUTES = env.int("OCOP_INVITATION_LOCKOUT_MINUTES", default=15)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The district the portal serves by default (official code of the unit); many districts can
# live in one portal, each user works in the units of their role assignments.
OCOP_DEFAULT_DISTRICT_CODE = env("OCOP_DEFAULT_DISTRICT_CODE", default="218")
# The day the public OCOP catalogue is "as of" (ISO date, e.g. 2021-12-31 to show the 2021 demo
# data); empty = today. The catalogue always shows this date to visitors (promotion.selectors).
OCOP_CATALOGUE_AS_OF = env("OCOP_CATALOGUE_AS_OF", default="")

# Days before a certificate's expiry when the office and the commune are told (Decision 148/2023: at
# least 30 days' notice before re-evaluation).
OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS = env.int("OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS", default=30)

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://ocop")
}

# Celery: with no broker configured, tasks run in-process so `make run` needs no service.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Durable background work (accounts.outbox): seconds before a dispatched but unrun row is sent again,
# before a claimed row whose worker died is claimable again, attempts before a row is left FAILED;
# a background job pending or running longer than OCOP_JOB_TIMEOUT may be started again.
OCOP_OUTBOX_REDISPATCH_AFTER = env.int("OCOP_OUTBOX_REDISPATCH_AFTER", default=300)
OCOP_OUTBOX_CLAIM_TIMEOUT = env.int("OCOP_OUTBOX_CLAIM_TIMEOUT", default=1800)
OCOP_OUTBOX_MAX_ATTEMPTS = env.int("OCOP_OUTBOX_MAX_ATTEMPTS", default=10)
OCOP_JOB_TIMEOUT = env.int("OCOP_JOB_TIMEOUT", default=1800)
# Absolute address of the portal put before links in e-mails (e.g. https://ocop.example.vn).
OCOP_PUBLIC_URL = env("OCOP_PUBLIC_URL", default="").rstrip("/")
CELERY_BEAT_SCHEDULE = {
    "accounts-outbox-redispatch": {"task": "accounts.outbox_redispatch", "schedule": 60.0},
    "notifications-daily-digest": {"task": "notifications.send_digests", "schedule": crontab(hour=17, minute=0)},
    # Daily at 07:00 (Asia/Ho_Chi_Minh): certificates expiring within the notice period, then reminders.
    "evaluations-expiring-certificates": {
        "task": "evaluations.notify_expiring_certificates", "schedule": crontab(hour=7, minute=0)},
    "registrations-reminders": {"task": "registrations.send_reminders", "schedule": crontab(hour=7, minute=5)},
    "evaluations-reminders": {"task": "evaluations.send_reminders", "schedule": crontab(hour=7, minute=10)},
    "plans-reminders": {"task": "plans.send_reminders", "schedule": crontab(hour=7, minute=15)},
}
# Reminders (each sent once per recipient and occasion): days before the commune list deadline, days
# before a round's deadline, days after which a returned dossier not resubmitted is reminded.
OCOP_LIST_DEADLINE_REMINDER_DAYS = env.list("OCOP_LIST_DEADLINE_REMINDER_DAYS", cast=int, default=[7, 3, 1])
OCOP_ROUND_DEADLINE_REMINDER_DAYS = env.list("OCOP_ROUND_DEADLINE_REMINDER_DAYS", cast=int, default=[3, 1])
OCOP_RETURNED_REMINDER_DAYS = env.int("OCOP_RETURNED_REMINDER_DAYS", default=7)
# Days after which a producer support case still open is reminded to the office (issue 14 item 4).
OCOP_SUPPORT_CASE_REMINDER_DAYS = env.int("OCOP_SUPPORT_CASE_REMINDER_DAYS", default=90)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ocop-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FORM_RENDERER = "accounts.rendering.PortalFormRenderer"  # Vietnamese empty choices
FILTERS_EMPTY_CHOICE_LABEL = "Tất cả"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP portal open data API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Content-Security-Policy of every portal page (the admin keeps Django's defaults): scripts only
# from our own static files, so no script can run from an article or a producer's name.
OCOP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every rendering step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# Logins worthy of money and decisions (accounts/security.py).
# django-axes counts failed logins per account and per address (either locks): after
# OCOP_LOGIN_FAILURE_LIMIT failures within OCOP_LOGIN_LOCKOUT_MINUTES the right password is refused
# too until the window passes or an administrator unlocks (admin "Access attempts", or
# `manage.py axes_reset_username NAME`).
INSTALLED_APPS += [  # noqa: F405
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_auth = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware")  # noqa: F405
MIDDLEWARE[_auth + 1 : _auth + 1] = [  # noqa: F405
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # noqa: F405
AXES_FAILURE_LIMIT = env.int("OCOP_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("OCOP_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Behind the TLS proxy the client address is the first of X-Forwarded-For (set by nginx).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = env.int("OCOP_PROXY_COUNT", default=0)

# Two-factor (TOTP, django-otp) for every staff role that approves, pays, records decisions or
# manages users (accounts.security.TWO_FACTOR_ROLES). Required in production; optional in `make run`.
OCOP_TWO_FACTOR_REQUIRED = env.bool("OCOP_TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = "Cổng OCOP"
# Staff sessions end after this many minutes without a request (0 = never).
OCOP_STAFF_IDLE_MINUTES = env.int("OCOP_STAFF_IDLE_MINUTES", default=30)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
