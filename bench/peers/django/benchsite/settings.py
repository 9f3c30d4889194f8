# The smallest production-shaped Django REST framework + simplejwt server: no admin, sessions or
# templates; rotation with a blacklist (simplejwt's equivalent of jwt-allauth's refresh rotation),
# and argon2id with jwt-allauth's parameters, so a login costs the same hash on both sides.
import os
from datetime import timedelta

from django.contrib.auth.hashers import Argon2PasswordHasher

SECRET_KEY = os.environ.get("BENCH_SECRET", "benchmark-secret-key-of-sufficient-length-0123456789")
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "benchsite.urls"
WSGI_APPLICATION = "benchsite.wsgi.application"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]

if os.environ.get("BENCH_DB") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["BENCH_PG_NAME"],
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": "5432",
            "CONN_MAX_AGE": 600,
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["BENCH_SQLITE_FILE"]}}


class BenchArgon2Hasher(Argon2PasswordHasher):
    """OWASP's argon2id, as jwt-allauth: 19 MiB, 2 passes, 1 lane."""

    memory_cost = 19456
    time_cost = 2
    parallelism = 1


PASSWORD_HASHERS = ["benchsite.settings.BenchArgon2Hasher"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=1),  # outlasts a benchmark run, as the others
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
