"""Creates the benchmark users (bench0@example.com ... ) sharing one argon2id hash: `python3 seed.py COUNT PASSWORD`."""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402

count, password = int(sys.argv[1]), sys.argv[2]
stored = make_password(password)
User.objects.all().delete()
User.objects.bulk_create(
    [User(username=f"bench{i}@example.com", email=f"bench{i}@example.com", password=stored) for i in range(count)]
)
