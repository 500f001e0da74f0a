"""One settings module, read from environment variables.

Safe local defaults (SQLite, console e-mail), but closed by default where it matters:
no built-in secret key, DEBUG off unless DEBUG=1.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
    if key_file.exists():
        return key_file.read_text().strip()
    raise ImproperlyConfigured(
        "未配置 SECRET_KEY：请设置环境变量 SECRET_KEY 或 SECRET_KEY_FILE（make run 会自动生成 var/secret_key）。"
    )


SECRET_KEY = read_secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # Swagger UI for /api/docs from the package's own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "liangfa.core",
    "liangfa.agencies",
    "liangfa.parties",
    "liangfa.cases",
    "liangfa.clock",
    "liangfa.transfers",
    "liangfa.screening",
    "liangfa.supervision",
    "liangfa.cooperation",
    "liangfa.review",
    "liangfa.evaluation",
    "liangfa.reports",
    "liangfa.meetings",
    "liangfa.decisions",
    "liangfa.portal",
    "liangfa.dossiers",
    "liangfa.accountability",
    "liangfa.desk",
    "liangfa.demo",
]

MIDDLEWARE = [
    "liangfa.core.middleware.BadInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "liangfa.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "liangfa.agencies.middleware.AgencyTreeMiddleware",
    "liangfa.agencies.middleware.AccountGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liangfa.urls"
WSGI_APPLICATION = "liangfa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liangfa.desk.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'liangfa.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker and the web server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: it compiles each large query anew (seconds per batch-screening query, of which the
    # query itself needs a fraction) and never pays back on our short OLTP queries.
    pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    pg_options["options"] = f"{pg_options.get('options', '')} -c jit=off".strip()
# The incremental screening's compiled queries are prepared on the server (core/prepared.py); behind a
# pooler in transaction mode (PgBouncer) set DB_PREPARED_STATEMENTS=0.
DB_PREPARED_STATEMENTS = os.environ.get("DB_PREPARED_STATEMENTS", "1") not in ("0", "false", "no")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "liangfa.agencies.passwords.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["username", "full_name", "first_name", "last_name", "email"]}},
    {"NAME": "liangfa.agencies.passwords.UserAttributeContainedValidator"},
    {"NAME": "liangfa.agencies.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "liangfa.agencies.passwords.CommonPasswordValidator"},
    {"NAME": "liangfa.agencies.passwords.NumericPasswordValidator"},
    {"NAME": "liangfa.agencies.passwords.CharacterClassesValidator"},
    {"NAME": "liangfa.agencies.passwords.PublishedPasswordValidator"},
]

# Production: LIANGFA_HTTPS=1. The demo's published password is refused there, and 管理员 and 检察官 must
# log in with a second factor (TOTP); LIANGFA_REQUIRE_TOTP overrides either way.
LIANGFA_PRODUCTION = env_bool("LIANGFA_HTTPS")
REQUIRE_SECOND_FACTOR = env_bool("LIANGFA_REQUIRE_TOTP", LIANGFA_PRODUCTION)
OTP_TOTP_ISSUER = "两法衔接平台"

# Login lockout (django-axes, every login path): this many failures for one account, or from one client
# address, within the window lock it for the window; counters older than the window expire.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
# Issue 15: combined amounts over a party network raise a 需人工判断 clue. No statute adds up the acts of
# different parties: a local practice (confidence L), on by default, off with LIANGFA_NETWORK_CLUES=0.
NETWORK_CLUES = env_bool("LIANGFA_NETWORK_CLUES", True)
# Batch screening writes one batch's clues on a second connection while it judges the next (PostgreSQL only,
# outside a transaction; core/overlap.py). LIANGFA_OVERLAP_WRITES=0 writes each batch in line.
OVERLAP_WRITES = env_bool("LIANGFA_OVERLAP_WRITES", True)
# The network search follows shared contacts through indexed lookups and stops at this many parties (local
# practice: a network a person can check by hand; the clue page says when a network was cut there).
NETWORK_MAX_PARTIES = int(os.environ.get("LIANGFA_NETWORK_MAX_PARTIES", "100"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "liangfa.agencies.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "liangfa.agencies.auth.client_ip"
AXES_VERBOSE = False
# Behind the HTTPS proxy the client address is the last hop the proxy adds to X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR")

# The audit trail's anchor outside the database: the key of its signed checkpoints and content digests
# (made by `make` like var/secret_key; keep it apart from the database and its backups), and the file the
# daily checkpoints are appended to (a copy may go to the procuratorate).
AUDIT_KEY_FILE = Path(os.environ.get("AUDIT_KEY_FILE", BASE_DIR / "var" / "audit_checkpoint_key"))
AUDIT_CHECKPOINT_FILE = Path(os.environ.get("AUDIT_CHECKPOINT_FILE", BASE_DIR / "var" / "audit_checkpoints.jsonl"))
# 《网络安全法》第二十一条第（三）项：网络日志留存不少于六个月 (the law's text is not in shared/data/laws;
# cited from the security issue). Audit rows are never deleted; `liangfa audit retention` reports coverage.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))

# Sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag; keep default.
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): every script and style from our own static files (HTMX, ECharts,
# Swagger UI are vendored); no inline code, no other origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=(), interest-cohort=()")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind HTTPS (production) turn on the transport protections.
if env_bool("LIANGFA_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serves vendored files without collectstatic; offline deployments
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

# Uploads: imports stream from disk; refuse absurd files before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(512 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "2000000"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "liangfa@localhost")

# The public site (liangfa/portal): per-address limits without a CAPTCHA, uploads outside the web root.
PORTAL_LOOKUP_FAILURES = int(os.environ.get("PORTAL_LOOKUP_FAILURES", "10"))  # wrong codes per address …
PORTAL_LOOKUP_WINDOW = int(os.environ.get("PORTAL_LOOKUP_WINDOW", "900"))  # … within this many seconds
PORTAL_SUBMISSIONS = int(os.environ.get("PORTAL_SUBMISSIONS", "10"))  # public form submissions per address an hour
PORTAL_CLIENT_IP_HEADER = os.environ.get("PORTAL_CLIENT_IP_HEADER", "")  # e.g. HTTP_X_REAL_IP behind a proxy
PORTAL_UPLOAD_ROOT = Path(os.environ.get("PORTAL_UPLOAD_ROOT", BASE_DIR / "var" / "portal_uploads"))
PORTAL_UPLOAD_MAX_BYTES = int(os.environ.get("PORTAL_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))

# Background work: django-tasks with its database backend; `liangfa worker` runs it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "liangfa.core.tasks_backend.DatabaseBackend"),
    }
}

# File cache: shared by the web server and the worker (import progress), no extra service needed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# 文书 templates an administrator puts in place of the packaged ones (core/docx.py): <文书名称>.docx or 公文.docx.
DOCX_TEMPLATE_DIR = Path(os.environ.get("DOCX_TEMPLATE_DIR", BASE_DIR / "var" / "docx_templates"))
