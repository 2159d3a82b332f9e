"""Settings, read from the environment.

THIDUA_DATA_DIR       folder for the SQLite database, uploads and generated files (default ./var)
THIDUA_DATABASE_URL   e.g. postgres://user@127.0.0.1:5432/thidua; SQLite (WAL) under the data folder when unset
THIDUA_SECRET_KEY     required in production; the demo keeps a generated key in the data folder
THIDUA_DEBUG          1 for development
THIDUA_ALLOWED_HOSTS  comma-separated host names (default 127.0.0.1,localhost)
THIDUA_UPLOAD_MAX_MB  largest accepted upload in MB (default 20)
THIDUA_HTTPS          1 behind TLS: secure cookies, redirect to HTTPS, HSTS
THIDUA_HSTS_SECONDS   HSTS max-age with THIDUA_HTTPS (default one year; 0 turns HSTS off)
THIDUA_HSTS_INCLUDE_SUBDOMAINS  1 to extend HSTS to every subdomain (default off)
THIDUA_IDLE_HOURS     a session ends after this many hours without a request (default 8)
THIDUA_PROXY_COUNT    reverse proxies in front (nginx: 1): the client address is read from X-Forwarded-For (default 0)
THIDUA_LOGIN_FAILURE_LIMIT  wrong passwords before a login lock, per account and per address (default 10)
THIDUA_LOGIN_LOCK_MINUTES   how long a login lock lasts unless an administrator lifts it (default 15)
THIDUA_ANON_BODY_MAX_KB     largest request body from a visitor not signed in (default 1024: the login form,
                            a delegate's reply, a check-in scan)
THIDUA_IMPORT_KEEP_DAYS     days an uploaded import file is kept for its confirmation (default 7)
THIDUA_WORKER_NICE          CPU priority the background worker lowers itself by (default 10; 0 keeps it)
THIDUA_JOB_STALE_SECONDS    a running job whose worker has not reported for this long lost its worker (default 60)
THIDUA_SITE_URL       the public address phones open, for QR codes and reply links printed outside a web request
                      (`thidua invitations` without --site), e.g. https://tdkt.honquan.gov.vn
THIDUA_SIGNATURE_ROOTS      folder of trusted CA certificates (PEM or DER), e.g. the government CA's: a signed
                            PDF chaining to one is reported as trusted (default: none, every signer untrusted)
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("THIDUA_DATA_DIR", Path.cwd() / "var")).resolve()
# Private data (#17): what the process creates is its owner's alone (files 0600, folders 0700: the SQLite
# database and its WAL, the secret key, uploads, generated documents, backups), and the data folder is
# closed to other accounts even if an older version left it world-readable.
os.umask(os.umask(0o077) | 0o077)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
try:
    DATA_DIR.chmod(0o700)
except PermissionError:  # a folder owned by another account (shared storage): its owner decides
    pass


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("THIDUA_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("THIDUA_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("THIDUA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("THIDUA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "thidua.paperwork",
    "thidua.orgs",
    "thidua.emulation",
    "thidua.awards",
    "thidua.fund",
    "thidua.exchange",
    "thidua.events",
    "thidua.checkin",
    "thidua.program",
    "thidua.logistics",
    "thidua.api",
    "thidua.web",
    "axes",  # login throttling (#17)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thidua.web.csp.ContentSecurityPolicyMiddleware",  # before WhiteNoise: static files carry it too (#17)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.orgs.middleware.BodyLimitMiddleware",  # bodies refused by declared length, unread (#17)
    "thidua.orgs.middleware.PrivateMiddleware",  # no-store for signed-in users, idle timeout (#17)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thidua.orgs.middleware.ScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before any backend runs the password hasher (#17).
    "thidua.orgs.backends.LockoutBackend",  # django-axes AxesStandaloneBackend
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Login throttling (django-axes, attempts in the database so every web process sees them, #17):
# THIDUA_LOGIN_FAILURE_LIMIT wrong passwords (default 10) for one account from anywhere, or from one
# client address for any accounts, lock that account / address for THIDUA_LOGIN_LOCK_MINUTES (default 15)
# or until an administrator unlocks it (Quản trị → Tài khoản, or `thidua unlock_login NAME` / `--ip ADDRESS`).
# The client address is REMOTE_ADDR; behind THIDUA_PROXY_COUNT reverse proxies (nginx: 1) it is read from
# X-Forwarded-For (thidua.orgs.backends.client_address), else every client would share the proxy's address.
THIDUA_PROXY_COUNT = int(os.environ.get("THIDUA_PROXY_COUNT", "0"))
THIDUA_SITE_URL = os.environ.get("THIDUA_SITE_URL", "").strip()
AXES_CLIENT_IP_CALLABLE = "thidua.orgs.backends.client_address"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("THIDUA_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("THIDUA_LOGIN_LOCK_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends when the message says
AXES_RESET_ON_SUCCESS = False  # axes would forget the address's failures at any other account too
AXES_LOCKOUT_CALLABLE = "thidua.orgs.views.login_locked"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log (orgs.login.success)
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.web.context.shell",
            ],
        },
    },
]

_db_url = os.environ.get("THIDUA_DATABASE_URL")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Django turns psycopg's prepared statements off; the ORM's cursors bind on the client and never
        # prepare either way. The check-in path's server-binding cursor prepares a statement on its fifth
        # run in a connection (thidua.checkin.store).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "thidua.sqlite3",
            # Keep connections: a new one per request would redo the PRAGMAs and the "vi" collation.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads and generated files live outside the static root and are served only by
# permission-checked views; no URL route serves MEDIA_URL.
MEDIA_ROOT = DATA_DIR / "private"
MEDIA_URL = "/_private/"
UPLOAD_MAX_BYTES = int(float(os.environ.get("THIDUA_UPLOAD_MAX_MB", "20")) * 1024 * 1024)
# Roots a signed copy's certificate must chain to (thidua.orgs.signatures); a folder of CA certificates.
THIDUA_SIGNATURE_ROOTS = os.environ.get("THIDUA_SIGNATURE_ROOTS", "")
# Request bodies are refused from their declared length before any byte is read (#17,
# thidua.orgs.middleware.BodyLimitMiddleware): a visitor not signed in sends at most ANON_BODY_MAX_BYTES, a
# signed-in user at most one upload and its form.
ANON_BODY_MAX_BYTES = int(float(os.environ.get("THIDUA_ANON_BODY_MAX_KB", "1024")) * 1024)
BODY_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
# An import writes in transactions of at most this long, and on SQLite pauses as long between two, so the
# single write lock is free half the time for the check-in desks (orgs.imports.ShortTransactions).
IMPORT_BATCH_SECONDS = 0.05
IMPORT_KEEP_DAYS = float(os.environ.get("THIDUA_IMPORT_KEEP_DAYS", "7"))
JOB_HEARTBEAT_SECONDS = 5.0
JOB_STALE_SECONDS = float(os.environ.get("THIDUA_JOB_STALE_SECONDS", "60"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600  # every file the default storage saves, uploaded or generated (#17)
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Idle timeout: a session ends THIDUA_IDLE_HOURS (default 8) after its last request. The session's expiry
# is pushed forward by thidua.orgs.middleware.PrivateMiddleware at most once a minute (no write per request).
SESSION_COOKIE_AGE = max(60, int(float(os.environ.get("THIDUA_IDLE_HOURS", "8")) * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # no page of the site is ever framed
# Content-Security-Policy (#17, thidua.web.csp), in the shape of Django 6's SECURE_CSP: scripts only from our
# static files (no inline script, no on…= handler: tests/test_conventions.py). Styles keep 'unsafe-inline'
# because the templates still carry style="…" attributes and <style> blocks (about 34 and 5), htmx inserts
# its indicator <style>, and a style cannot run code. data:/blob: images: Bootstrap's SVG icons and canvases.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if _env_bool("THIDUA_HTTPS"):  # behind a TLS reverse proxy that sets X-Forwarded-Proto (#17: check --deploy clean)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's plain-HTTP probe
    SECURE_HSTS_SECONDS = int(os.environ.get("THIDUA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("THIDUA_HSTS_INCLUDE_SUBDOMAINS")
    # Off unless asked: other hosts under the agency's domain may still serve plain HTTP, and the
    # preload list cannot be left quickly. Both are choices, not oversights, so their warnings are silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"] + ([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"])

EMAIL_BACKEND = os.environ.get("THIDUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_client_errors": {"()": "thidua.logs.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("THIDUA_LOG_LEVEL", "WARNING")},
    # pyHanko logs a traceback at WARNING for every untrusted signer or changed file it is shown; the verdict
    # reaches the user in thidua.orgs.signatures' report, so the log keeps only its errors.
    "loggers": {name: {"level": "ERROR"} for name in ("pyhanko", "pyhanko_certvalidator")},
}
