#!/usr/bin/env bash
# Requests per second of the public catalogue under local load (wrk against gunicorn on 127.0.0.1).
# Builds a throw-away SQLite database (migrate + seed_demo + N synthetic recognised products),
# then measures: the catalogue page for anonymous visitors (page cache on), a filtered search,
# a product page, and the catalogue with the cache off (every request renders, fixed query count).
# Usage: bench/promotion_catalogue.sh [products=300] [duration=10s]
#        BENCH_DATABASE_URL=postgres://.../ocop_catalogue bench/promotion_catalogue.sh - [duration]
#   measures an existing database instead (e.g. the nation preset, see bench/README.md), on today's
#   catalogue, with persistent database connections (CONN_MAX_AGE=60, as in production).
# wrk comes from Debian: `make system-bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-300}"
DURATION="${2:-10s}"
PORT="${BENCH_PORT:-8765}"
WORKERS="${BENCH_WORKERS:-4}"
TMP="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=bench.promotion_settings
export PYTHONPATH="$PWD"
command -v wrk >/dev/null || { echo "wrk is missing: make system-bench" >&2; exit 1; }

echo "== $(date -u '+%d/%m/%Y %H:%M UTC'), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$BENCH_DATABASE_URL" CATALOGUE_AS_OF=today CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
  echo "== existing database ${DATABASE_URL##*/}, catalogue as of today, CONN_MAX_AGE=${CONN_MAX_AGE}"
else
  export DATABASE_URL="sqlite:///${TMP}/bench.sqlite3"
  echo "== preparing ${N} products in ${TMP}"
  .venv/bin/python manage.py migrate -v0
  .venv/bin/python manage.py seed_demo >/dev/null
  .venv/bin/python bench/promotion_seed.py "$N"
fi
# the product page measured: the first product of the catalogue, and how many products it lists
read -r PRODUCT LISTED < <(.venv/bin/python -c "
import django; django.setup()
from promotion.selectors import catalogue_cards
qs = catalogue_cards()
print(qs.first().product.slug, qs.count())")
echo "== ${LISTED} products in the catalogue; product page /san-pham/${PRODUCT}/"

worker_ticks() {  # CPU time (clock ticks, user + system) of the gunicorn master's workers
  local total=0 child
  for child in $(pgrep -P "$1"); do total=$((total + $(awk '{print $14 + $15}' "/proc/${child}/stat"))); done
  echo "$total"
}

run() {  # label, cache url, path
  local label="$1" cache="$2" path="$3"
  CACHE_URL="$cache" .venv/bin/gunicorn ocop_portal.wsgi:application -w "$WORKERS" -b "127.0.0.1:${PORT}" \
    --log-level warning --pid "${TMP}/gunicorn.pid" &
  local pid=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:${PORT}${path}" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:${PORT}${path}"
  echo "== ${label}: GET ${path} (${WORKERS} gunicorn workers, cache ${cache})"
  local before after
  before="$(worker_ticks "$pid")"
  wrk -t2 -c10 -d"${DURATION}" "http://127.0.0.1:${PORT}${path}" >"${TMP}/wrk.txt"
  after="$(worker_ticks "$pid")"
  grep -E "Requests/sec|Latency|requests in|Non-2xx" "${TMP}/wrk.txt"
  # Requests/s depends on how much of the machine the workers get; the CPU time each request costs
  # does not (much): report both, and the throughput that cost allows on all the machine's cores.
  awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
    '/requests in/ { ms = ticks * 1000 / hz / $1; printf "    CPU per request: %.1f ms (workers had %.2f cores; %d idle cores => ~%.0f requests/s)\n", ms, ticks / hz / DUR, cores, cores * 1000 / ms }' \
    DUR="${DURATION%s}" "${TMP}/wrk.txt"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run "catalogue, anonymous, cached" "locmemcache://bench" "/san-pham/"
run "search dua + 3 stars, cached" "locmemcache://bench" "/san-pham/?q=dua&sao=3"
run "product page, cached" "locmemcache://bench" "/san-pham/${PRODUCT}/"
run "catalogue, cache off" "dummycache://" "/san-pham/"
run "catalogue page 50, cache off" "dummycache://" "/san-pham/?trang=50"
run "search dua + 3 stars, cache off" "dummycache://" "/san-pham/?q=dua&sao=3"
run "product page, cache off" "dummycache://" "/san-pham/${PRODUCT}/"
echo "== done, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$TMP"
