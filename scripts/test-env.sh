# Sourced by `make test` and `make bench`: points the suite at a PostgreSQL server.
# Uses MAMORI_TEST_POSTGRES_URL when set; otherwise starts the local PostgreSQL 15 cluster when this
# machine has one and we may (root), and creates a role for the tests. Without PostgreSQL, the
# PostgreSQL tests are skipped and pytest says so.
if [ -z "${MAMORI_TEST_POSTGRES_URL:-}" ] && command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -q online; then
        pg_ctlcluster --skip-systemctl-redirect 15 main start >/dev/null 2>&1 || true
    fi
    if pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -q online; then
        su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='mamori'\"" 2>/dev/null | grep -q 1 ||
            su postgres -c "psql -qc \"CREATE ROLE mamori LOGIN SUPERUSER PASSWORD 'mamori'\"" >/dev/null 2>&1
        export MAMORI_TEST_POSTGRES_URL="postgresql+psycopg://mamori:mamori@127.0.0.1:5432/postgres"
    fi
fi
if [ -z "${MAMORI_TEST_POSTGRES_URL:-}" ]; then
    echo "note: no PostgreSQL available; PostgreSQL tests will be skipped" >&2
fi
