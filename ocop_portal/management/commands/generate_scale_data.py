"""manage.py generate_scale_data: consistent programme data at scale, in bulk (issue 11 item 3).

    manage.py generate_scale_data --preset province [--seed 1]
    manage.py generate_scale_data --provinces 2 --communes-per-province 20 --producers 100 --registrations 300 \
        --rounds 2 --members 5 --seed 7

Presets: test (a few dozen rows), province (1 province, 10 districts, 250 communes, 5,000 producers,
10,000 registrations, 500 × 9 scored products), nation (34 provinces, 3,332 communes, 60,000 producers,
200,000 registrations, 20,000 recognitions). Options given with a preset override its numbers. A second
run with the same seed on the same database refuses (exit status 1) and changes nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from ocop_portal.scale import PRESETS, AlreadyGenerated, Params, check_consistency, generate


class Command(BaseCommand):
    help = "Build consistent scale data (units, producers, registrations, rounds, recognitions, subsidies) in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default=None)
        parser.add_argument("--seed", type=int, default=1)
        for name in ("provinces", "districts-per-province", "communes-per-province", "producers", "registrations",
                     "rounds", "entries-per-round", "members", "recognitions"):
            parser.add_argument(f"--{name}", type=int, default=None)
        parser.add_argument("--check", action="store_true", help="verify the invariants after generating")

    def handle(self, *args, **options):
        numbers = {k: options[k] for k in ("provinces", "districts_per_province", "communes_per_province", "producers",
                                           "registrations", "rounds", "entries_per_round", "members", "recognitions")}
        params = Params.preset(options["preset"] or "test", seed=options["seed"], **numbers) if options["preset"] \
            else Params(seed=options["seed"], **{k: v for k, v in numbers.items() if v is not None})
        started = time.perf_counter()
        try:
            generate(params, log=lambda line: self.stdout.write(line))
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"done in {time.perf_counter() - started:.1f} s (seed {params.seed})"))
        if options["check"]:
            problems = check_consistency(params.seed)
            if problems:
                raise CommandError("; ".join(problems))
            self.stdout.write("consistency: ok")
        return None
