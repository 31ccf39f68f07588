#!/usr/bin/env bash
# Runs every test, once built (`make test` calls it inside
# scripts/with-postgres.sh, which starts the throwaway PostgreSQL server):
#  1. the whole suite: rules, the store suite against SQLite and PostgreSQL,
#     and the end-to-end runs of the binary against SQLite files;
#  2. the end-to-end suites again, every database a PostgreSQL schema
#     (TRACKER_TEST_BACKEND=postgres).
# Both must pass. SWIFT_TEST_FLAGS go to both runs.
set -euo pipefail
swift=${SWIFT:-swift}
if [ -z "${TRACKER_TEST_PG:-}" ]; then
    echo "error: no PostgreSQL test server; run 'make test' (or scripts/with-postgres.sh $0)" >&2
    exit 69
fi
echo "== every suite (store suite on both backends, end-to-end on SQLite)" >&2
"$swift" test --skip-build ${SWIFT_TEST_FLAGS:-}
echo "== end-to-end suites against PostgreSQL" >&2
TRACKER_TEST_BACKEND=postgres "$swift" test --skip-build ${SWIFT_TEST_FLAGS:-} \
    --filter 'TrackerCLITests|TrackerNotifyTests|TrackerSyncTests'
