"""Demo data of the stats app (idempotent): the plan's targets (fixtures/stats_plan_targets.json),
Lục Nam 2021 from the district plan, through the service; existing targets are kept as edited."""

import datetime
import json

from accounts import clock
from accounts.models import AdministrativeUnit
from accounts.reference import fixture_path

from . import services
from .models import Target

PLAN_TARGETS = "stats_plan_targets.json"


def seed() -> dict:
    created = 0
    for spec in json.loads(fixture_path(PLAN_TARGETS).read_text(encoding="utf-8")):
        unit = AdministrativeUnit.objects.filter(code=spec["unit_code"]).first()
        if unit is None:
            continue
        entered = datetime.date(spec["year"], 3, 1)  # targets set with the plan (plans.demo.ENTERED_2021)
        with clock.at(entered):
            programme = services.programme_ensure(unit=unit, year=spec["year"], actor=None, name=spec["name"],
                                                  source=spec["source"])
        have = set(Target.objects.filter(programme=programme).values_list("metric", "min_stars"))
        values = [
            services.TargetValue(metric=t["metric"], min_stars=t.get("min_stars", 0), minimum=t["minimum"],
                                 maximum=t.get("maximum"), source=t["source"])
            for t in spec["targets"] if (t["metric"], t.get("min_stars", 0)) not in have
        ]
        if values:
            with clock.at(entered):
                services.targets_update(programme=programme, values=values, actor=None)
            created += len(values)
    return {"targets_created": created}
