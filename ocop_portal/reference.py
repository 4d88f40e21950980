"""Reference data (rules that the law sets, administrative units) of every app, loaded idempotently.

Each app may define ``<app>.reference.load_reference()``; data migrations call the same loaders,
and `manage.py load_reference` / `seed_demo` reload them (e.g. after a transactional test flush or
when a fixture file was corrected).
"""

from importlib import import_module

PROJECT_APPS = [
    "accounts", "procedures", "documents", "notifications", "registrations", "evaluations", "subsidies", "promotion",
    "plans", "stats", "producers",
]


def _app_modules(module_name: str):
    for app in PROJECT_APPS:
        try:
            yield app, import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise


def load_reference() -> dict:
    results = {}
    for app, module in _app_modules("reference"):
        loader = getattr(module, "load_reference", None)
        if loader is not None:
            results[app] = loader()
    return results


def seed_demo() -> dict:
    results = {}
    for app, module in _app_modules("demo"):
        results[app] = module.seed() or {}
    return results
