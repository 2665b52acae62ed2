"""KMKM settings: one module, driven by environment variables.

Every variable is documented in README.md ("Configuration"). Defaults are safe for production
(DEBUG off, HTTPS hardening whenever SITE_URL is https) and need nothing for a local demo: the
database is an SQLite file under var/ and a secret key is generated there on first run.
A secret may also be given as a file: NAME_FILE=/run/secrets/name is read when NAME is unset.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url


def env(name: str, default: str = "") -> str:
    if name in os.environ:
        return os.environ[name]
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return default


def envbool(name: str, default: str = "0") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(env(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


#: True under the test runner: fast in-memory caches, plain static storage.
TESTING = envbool("TESTING") or "pytest" in sys.modules

BASE_DIR = Path(__file__).resolve().parents[2]
SRC_DIR = BASE_DIR / "src"
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    given = env("SECRET_KEY")
    if given:
        return given
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        # Written once, readable only by the owner, so restarts keep sessions and tokens valid.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG")

#: The public address of the site, used for absolute links in emails, feeds and sitemaps.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
HTTPS = _site.scheme == "https"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", f"{_site.hostname},127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    # Ours first, so our templates (404, 500, admin branding) win.
    "kmkm.website",
    "kmkm.booking",
    "kmkm.clinical",
    "kmkm.enquiries",
    "kmkm.notifications",
    "kmkm.accounts",
    "kmkm.audit",
    "kmkm.backoffice",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Public pages are served from the cache before the rest of the stack runs; first, so that
    # a stored page keeps every security header (ADR 0004).
    "kmkm.website.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kmkm.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "kmkm.urls"
WSGI_APPLICATION = "kmkm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "kmkm" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "kmkm.website.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # The web server and the worker share one file: WAL lets readers carry on while one
        # writes, and IMMEDIATE transactions take the write lock up front instead of failing
        # half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if env("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches -----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kmkm",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kmkm-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "default"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
        },
    }
if TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "default",
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
#: Seconds a public page stays cached; publishing purges it at once anyway.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600")

# --- Background tasks (Django Tasks API, database-backed worker) -------------------------------
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TESTING and not env("TASKS_BACKEND"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "backoffice:home"
#: Staff must confirm a one-time code from an authenticator app (set REQUIRE_2FA=0 only in tests).
REQUIRE_2FA = envbool("REQUIRE_2FA", "1")
OTP_TOTP_ISSUER = env("CLINIC_NAME", "KMKM Aesthetics")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "kmkm" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
#: Public CMS images and their renditions are served by Django unless the web server does it.
#: Only public website media lives here; clinical photos are kept in private storage.
SERVE_MEDIA = envbool("SERVE_MEDIA", "1")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "KMKM Aesthetics"
WAGTAILADMIN_BASE_URL = SITE_URL
#: The CMS lives at a non-default path so that automated probes for /admin/ find nothing.
CMS_PATH = env("CMS_PATH", "clinic-cms").strip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
#: Uploaded images lose their EXIF/GPS/XMP metadata before they are stored.
WAGTAILIMAGES_IMAGE_FORM_BASE = "kmkm.website.image_forms.PublicImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_FINDERS: list[dict[str, object]] = []
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Email ------------------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    _mail = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 587
    EMAIL_HOST_USER = _mail.username or ""
    EMAIL_HOST_PASSWORD = env("EMAIL_PASSWORD", _mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    # The demo writes every message to a file under var/mail/ instead of sending it.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "KMKM Aesthetics <hello@kmkm.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CLINIC_NOTIFY_EMAIL = env("CLINIC_NOTIFY_EMAIL", "clinic@kmkm.example")

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview needs same-origin frames.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", "1")
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", "31536000") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and envbool("HSTS_PRELOAD", "0")
SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN, not DENY;
    # CSP frame-ancestors 'self' says the same to modern browsers.
    "security.W019",
    # Joining the browsers' HSTS preload list is a one-way decision for the clinic's domain:
    # opt in with HSTS_PRELOAD=1 once HTTPS is settled.
    "security.W021",
]
if envbool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Content-Security-Policy: no inline script anywhere; styles from our own files only. The CMS
# (Wagtail's admin) needs inline styles and scripts of its own, so its path gets a looser policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    # Wagtail's editor relies on inline script and style of its own; it is staff-only behind
    # a second factor. Public pages get the strict policy above.
    "EXCLUDE_URL_PREFIXES": [f"/{CMS_PATH}/", "/django-admin/"],
}

# --- Logging: never log request bodies or query strings with personal data ---------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": env("SERVER_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- The clinic's own rules -------------------------------------------------------------------
CLINIC_TIME_ZONE = "Europe/London"

# --- Notifications ----------------------------------------------------------------------------
#: Hours before an appointment that reminders go out, e.g. "24" or "48,2" (one email for each).
REMINDER_HOURS = sorted({int(h) for h in envlist("REMINDER_HOURS", "24")}, reverse=True)
#: Tries per message before it is marked failed for staff to see; waits double each time.
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", "6")
NOTIFY_RETRY_BASE_SECONDS = envint("NOTIFY_RETRY_BASE_SECONDS", "60")
#: Send the person who enquired a short acknowledgement (it never repeats what they wrote).
ENQUIRY_ACKNOWLEDGE = envbool("ENQUIRY_ACKNOWLEDGE", "1")
#: Spam protection for the enquiry form: seconds a person needs at least, how long the form
#: stays valid, and how many enquiries per hour one address or one IP may send.
ENQUIRY_MIN_SECONDS = envint("ENQUIRY_MIN_SECONDS", "3")
ENQUIRY_FORM_MAX_AGE = envint("ENQUIRY_FORM_MAX_AGE", str(6 * 60 * 60))
ENQUIRY_RATE_PER_EMAIL = envint("ENQUIRY_RATE_PER_EMAIL", "3")
ENQUIRY_RATE_PER_IP = envint("ENQUIRY_RATE_PER_IP", "10")

# --- Booking ------------------------------------------------------------------------------------
#: Days a cancel or reschedule link in an email stays valid (every email carries fresh links).
BOOKING_LINK_MAX_AGE_DAYS = envint("BOOKING_LINK_MAX_AGE_DAYS", "120")
