import datetime

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def as_of(settings):
    """Pin the catalogue's reference date (the 2021 demo recognitions are in force on it)."""
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    return settings.OCOP_CATALOGUE_AS_OF
