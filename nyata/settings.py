"""Nyata settings: one module, every deployment knob read from the environment.

NYATA_ENV=development (the default) runs with a throw-away secret key on SQLite under var/;
NYATA_ENV=production demands a real secret key and host names, and turns on secure cookies and HSTS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from nyata.core import limits
from nyata.core.deployment import DEVELOPMENT_KEY
from nyata.environment import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NYATA_VAR_DIR", str(BASE_DIR / "var")))

NYATA_ENV = env_choice("NYATA_ENV", "development", ("development", "production"))
PRODUCTION = NYATA_ENV == "production"
DEBUG = env_bool("NYATA_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("NYATA_DEBUG=true is not allowed with NYATA_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("NYATA_SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("NYATA_SECRET_KEY must be at least 50 varied characters in production.")
    if SECRET_KEY == DEVELOPMENT_KEY:
        raise ImproperlyConfigured("NYATA_SECRET_KEY is the published development key; choose your own.")
    ALLOWED_HOSTS = env_list("NYATA_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("NYATA_ALLOWED_HOSTS is required in production (comma-separated).")
else:
    # A fixed key is fine outside production as long as only this machine is answered (runserver and the
    # WSGI application refuse others while it is in use: nyata.core.deployment).
    SECRET_KEY = env_str("NYATA_SECRET_KEY", DEVELOPMENT_KEY)
    ALLOWED_HOSTS = env_list("NYATA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("NYATA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before WhiteNoise and django_tasks_db: core's runserver (loopback only with the development key)
    # and db_worker (with a heartbeat) extend theirs, and the first app naming a command wins.
    "nyata.core",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "nyata.org",
    "nyata.instruments",
    "nyata.surveys",
    "nyata.evaluations",
    "nyata.reports",
    "nyata.followups",
    "nyata.clinic",
    "nyata.figures",
    "nyata.notifications",
    "nyata.home",
]

MIDDLEWARE = [
    # First: the load balancer's probe (/sehat/) is answered before host checks and HTTPS redirects.
    "nyata.core.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nyata.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the CSRF check reads the body (process_view): an upload too large is refused unread.
    "nyata.core.middleware.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nyata.org.middleware.InstansiTimeZoneMiddleware",
    # After django-htmx (it answers htmx with a client redirect) and django-otp (request.user.is_verified).
    "nyata.org.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nyata.urls"
WSGI_APPLICATION = "nyata.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nyata.org.context_processors.navigation",
                "nyata.evaluations.context_processors.navigation",
                "nyata.notifications.context_processors.unread",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
_SQLITE_URL = f"sqlite:///{VAR_DIR / 'nyata.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _SQLITE_URL))}
# Persistent connections where they help: a PostgreSQL connection costs a fork and an authentication per
# request (measured with bench/skm_submissions.py and bench/concurrent_writes.py, see README "Speed"),
# an SQLite one is a file opened in-process. A connection found broken is replaced before a request uses it.
_postgres = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env_int("NYATA_DB_CONN_MAX_AGE", 60 if _postgres else 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
if _postgres:
    # Prepared statements, for the statements run through nyata.core.database.prepared_cursor only (Django's
    # own cursors bind on the client and are never prepared): the survey's hot path. With a connection
    # pooler in transaction mode, that needs PgBouncer 1.21 or newer; NYATA_DB_PREPARED=false turns them off.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        0 if env_bool("NYATA_DB_PREPARED", True) else None
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time; concurrent writers must wait for it, never fail:
    # - WAL lets readers proceed while a writer commits;
    # - IMMEDIATE takes the write lock when a transaction starts, so that a transaction that read first
    #   never fails to upgrade to a writer ("database is locked" at once, which no timeout helps);
    # - the busy timeout is how long a writer waits for the lock. Writes hold it for milliseconds (long
    #   work such as finalisation commits in short steps); the timeout is the margin for a slow disk or a
    #   backup, and stays below gunicorn's 30 s worker timeout.
    # synchronous=NORMAL: in WAL mode a commit survives a crash of the application, not of the machine's
    # power (FULL costs an fsync per commit: 10 ms on this machine's disk, a hundred commits a second).
    _busy_ms = env_int("NYATA_SQLITE_BUSY_SECONDS", 20, minimum=1) * 1000
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={_busy_ms};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": _busy_ms / 1000,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor sign-in (nyata/org/two_factor.py): system and Inspektorat administrators must enrol an
# authenticator where this is on (by default in production only, so that the demo signs in with the printed
# passwords); anyone may enrol, and whoever has enrolled is always asked for a code.
NYATA_REQUIRE_TWO_FACTOR = env_bool("NYATA_REQUIRE_TWO_FACTOR", default=PRODUCTION)
OTP_TOTP_ISSUER = env_str("NYATA_TOTP_ISSUER", "Nyata")
# A reset link in an e-mail works once, and only this long.
PASSWORD_RESET_TIMEOUT = env_int("NYATA_PASSWORD_RESET_HOURS", 2, minimum=1) * 3600

# Login throttling (nyata/org/throttling.py): a username is locked at one client address after
# NYATA_LOGIN_FAILURE_LIMIT failures, and a client address after NYATA_LOGIN_ADDRESS_FAILURE_LIMIT failures
# across all usernames (password spraying), each for NYATA_LOGIN_COOLOFF_MINUTES. Never the username alone.
AXES_FAILURE_LIMIT = env_int("NYATA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
NYATA_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "NYATA_LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=AXES_FAILURE_LIMIT
)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NYATA_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "nyata.org.throttling.LoginThrottle"
# The client address. By default the connection's own address (REMOTE_ADDR): any forwarded header could be
# written by the client itself. Behind reverse proxies, NYATA_TRUSTED_PROXIES says how many stand in front
# of Nyata, each appending the address it was reached from to NYATA_CLIENT_IP_HEADER; the client is then
# the entry that many places from the right (what a client wrote to the left of it is ignored).
# django-ipware counts only the proxies named inside the header (the nearest one is REMOTE_ADDR), hence -1.
NYATA_TRUSTED_PROXIES = env_int("NYATA_TRUSTED_PROXIES", 0, minimum=0)
NYATA_CLIENT_IP_HEADER = env_str("NYATA_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
if NYATA_TRUSTED_PROXIES:
    AXES_IPWARE_META_PRECEDENCE_ORDER = (NYATA_CLIENT_IP_HEADER,)
    AXES_IPWARE_PROXY_COUNT = NYATA_TRUSTED_PROXIES - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_ORDER = "left-most"
# Not strict: a chain longer than the proxies (a client's own X-Forwarded-For) still names the client.
IPWARE_STRICT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "nyata" / "locale", BASE_DIR / "nyata" / "scoring" / "locale"]  # scoring is no app
USE_I18N = True
USE_TZ = True
# The default for a new instansi; each instansi keeps its own zone (WIB, WITA or WIT).
TIME_ZONE = env_time_zone("NYATA_TIME_ZONE", "Asia/Makassar")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request until it exists
# Uploaded files (evidence) live under var/media, which no URL serves: they are downloaded only through
# permission-checked views. NYATA_STORAGE=s3 puts them in an S3-compatible object store instead.
MEDIA_ROOT = VAR_DIR / "media"
NYATA_STORAGE = env_choice("NYATA_STORAGE", "local", ("local", "s3"))
if NYATA_STORAGE == "s3":
    file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("NYATA_S3_BUCKET"),
            "endpoint_url": env_str("NYATA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("NYATA_S3_REGION", "") or None,
            "access_key": env_str("NYATA_S3_ACCESS_KEY"),
            "secret_key": env_str("NYATA_S3_SECRET_KEY"),
            # Private objects, never overwritten: each upload keeps its own opaque key.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    # Written aside, fsynced, then put in place: a crash or a full disk never leaves half a file.
    file_storage = {
        "BACKEND": "nyata.core.storage.DurableFileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
# Uploads larger than 2.5 MB wait in a temporary file until the view reads them: keep those under var/,
# where `nyata cleanup_media` finds what a killed worker left behind (the system's /tmp is shared).
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "tmp" / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
# Anything older than this in the upload folders, or in storage without a row, is left over from a crash.
NYATA_MEDIA_STALE_HOURS = env_int("NYATA_MEDIA_STALE_HOURS", 6, minimum=1)
STORAGES = {
    "default": file_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The health endpoint counts the task worker as down when its last heartbeat (written every 30 s by
# `nyata db_worker`) or the oldest waiting task is older than this; 0 leaves the worker out. Production
# expects a worker; development runs none unless one is started.
NYATA_HEALTH_WORKER_SECONDS = env_int("NYATA_HEALTH_WORKER_SECONDS", 180 if PRODUCTION else 0, minimum=0)

# Notification e-mails (Django 6.1 MAILERS): printed on the console in development, SMTP in production;
# Django's test runner
# swaps in its in-memory outbox. NYATA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend sends them.
EMAIL_BACKEND_PATH = env_str(
    "NYATA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith(".smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("NYATA_EMAIL_HOST", "localhost"),
        "port": env_int("NYATA_EMAIL_PORT", 25, minimum=1),
        "username": env_str("NYATA_EMAIL_USER", ""),
        "password": env_str("NYATA_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("NYATA_EMAIL_TLS", default=False),
    }
DEFAULT_FROM_EMAIL = env_str("NYATA_EMAIL_FROM", "nyata@localhost")
# Links in e-mails point here (no request is at hand when a reminder is sent).
NYATA_BASE_URL = env_str("NYATA_BASE_URL", "http://127.0.0.1:8000")

# Content-Security-Policy: no inline script or style anywhere; every asset is served by the app itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("NYATA_SESSION_HOURS", 12, minimum=1) * 3600
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form says so in the person's language, in the site's layout (Django's own page is English).
CSRF_FAILURE_VIEW = "nyata.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("NYATA_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("NYATA_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NYATA_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("NYATA_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole parent domain (often a shared go.id domain) to HTTPS for good:
        # that is the domain owner's decision, so it is opt-in and its reminder is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("NYATA_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every limit on hostile input (files, archives, YAML, uploads): defaults, variables and reasons are in
# nyata/core/limits.py and README.md ("Limits"). Sizes are held in bytes.
NYATA_IMPORT_MAX_BYTES = limits.IMPORT_MAX_BYTES.from_environment()
NYATA_IMPORT_MAX_ROWS = limits.IMPORT_MAX_ROWS.from_environment()
NYATA_IMPORT_MAX_UNPACKED_BYTES = limits.IMPORT_MAX_UNPACKED_BYTES.from_environment()
NYATA_IMPORT_MAX_WHOLE_PARTS_BYTES = limits.IMPORT_MAX_WHOLE_PARTS_BYTES.from_environment()
NYATA_IMPORT_MAX_CELL_CHARS = limits.IMPORT_MAX_CELL_CHARS.from_environment()
NYATA_ARCHIVE_MAX_RATIO = limits.ARCHIVE_MAX_RATIO.from_environment()
NYATA_ARCHIVE_MAX_ENTRIES = limits.ARCHIVE_MAX_ENTRIES.from_environment()
NYATA_EVIDENCE_MAX_BYTES = limits.EVIDENCE_MAX_BYTES.from_environment()
NYATA_EVIDENCE_MAX_UNPACKED_BYTES = limits.EVIDENCE_MAX_UNPACKED_BYTES.from_environment()
NYATA_UPLOAD_MAX_REQUEST_BYTES = limits.UPLOAD_MAX_REQUEST_BYTES.from_environment()
NYATA_EVIDENCE_MAX_ASSESSMENT_BYTES = limits.EVIDENCE_MAX_ASSESSMENT_BYTES.from_environment()
NYATA_YAML_MAX_BYTES = limits.YAML_MAX_BYTES.from_environment()
NYATA_YAML_MAX_DEPTH = limits.YAML_MAX_DEPTH.from_environment()
NYATA_YAML_MAX_NODES = limits.YAML_MAX_NODES.from_environment()

# A report job (every LHE as a zip, the period workbook) silent this long was interrupted: it is shown as
# failed and a new request makes the file again instead of waiting for it forever.
NYATA_REPORTS_STALL_MINUTES = env_int("NYATA_REPORTS_STALL_MINUTES", 10, minimum=1)

# Public satisfaction survey (SKM). Responses over the limit, or sent faster than a person can read the form,
# are stored but flagged and not counted. Many citizens share one address behind a mobile operator's NAT,
# so the hourly limit per address and service is generous.
NYATA_SKM_RATE_LIMIT = env_int("NYATA_SKM_RATE_LIMIT", 20, minimum=1)
NYATA_SKM_MIN_FILL_SECONDS = env_int("NYATA_SKM_MIN_FILL_SECONDS", 8, minimum=0)
# A served form is valid this long; sent later, the response is flagged (a stored token cannot be replayed).
NYATA_SKM_FORM_VALID_MINUTES = env_int("NYATA_SKM_FORM_VALID_MINUTES", 120, minimum=1)
# Bursts, over the last NYATA_SKM_BURST_MINUTES of a service's online and kiosk responses (screening.py): more
# than NYATA_SKM_PREFIX_LIMIT from one network (/24, /48), or a surge of NYATA_SKM_SURGE_FACTOR times the
# service's normal volume (at least NYATA_SKM_SURGE_MIN_PER_HOUR in the window or NYATA_SKM_SURGE_MIN_PER_DAY
# counted in a day), are flagged, the burst's earlier members included.
NYATA_SKM_BURST_MINUTES = env_int("NYATA_SKM_BURST_MINUTES", 60, minimum=1)
NYATA_SKM_PREFIX_LIMIT = env_int("NYATA_SKM_PREFIX_LIMIT", 30, minimum=1)
NYATA_SKM_SURGE_FACTOR = env_int("NYATA_SKM_SURGE_FACTOR", 3, minimum=1)
NYATA_SKM_SURGE_MIN_PER_HOUR = env_int("NYATA_SKM_SURGE_MIN_PER_HOUR", 30, minimum=1)
NYATA_SKM_SURGE_MIN_PER_DAY = env_int("NYATA_SKM_SURGE_MIN_PER_DAY", 120, minimum=1)
NYATA_SKM_DEVICE_DAYS = env_int("NYATA_SKM_DEVICE_DAYS", 30, minimum=1)
# How long a kiosk link (a tablet at the counter, no per-device check) stays valid after the unit creates it.
NYATA_SKM_KIOSK_DAYS = env_int("NYATA_SKM_KIOSK_DAYS", 365, minimum=1)
# Seconds the kiosk's thank-you page shows before the empty form comes back for the next citizen.
NYATA_SKM_KIOSK_THANKS_SECONDS = env_int("NYATA_SKM_KIOSK_THANKS_SECONDS", 5, minimum=1)
NYATA_SKM_HASH_ROTATION = env_choice("NYATA_SKM_HASH_ROTATION", "daily", ("daily", "weekly"))
# Behind a reverse proxy, the request header holding the client address (e.g. HTTP_X_FORWARDED_FOR).
NYATA_SKM_CLIENT_IP_HEADER = env_str("NYATA_SKM_CLIENT_IP_HEADER", "")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("NYATA_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    # WeasyPrint (SKM posters) logs every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
