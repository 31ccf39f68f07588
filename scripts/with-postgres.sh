#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, then stops it.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# initdb makes a cluster in a new temporary folder, owned by an unprivileged
# user (postgres refuses to run as root: as root the server runs as the
# `postgres` user Debian's package creates; otherwise as you). It listens on
# 127.0.0.1 only, on a free port, with password (scram) login for TCP. The
# command sees:
#   TRACKER_TEST_PG      postgresql://postgres@127.0.0.1:PORT/tracker_test (no password)
#   PGPASSWORD           the superuser's password, as libpq reads it
#   TRACKER_TEST_PG_CTL  "start" / "stop" / "restart" for the fault tests:
#                        a command that runs pg_ctl on this cluster
# The cluster and its folder are removed when the command ends, however it ends.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "error: PostgreSQL's server is not installed; run 'bash scripts/install-deps.sh test' (Debian package postgresql)" >&2
    exit 69
fi

dir=$(mktemp -d /tmp/tracker-pg.XXXXXX)
chmod 755 "$dir"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "error: no 'postgres' user to run the server as; install Debian's postgresql package" >&2; exit 69; }
    chown postgres "$dir"
    as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
password="tracker-test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" > "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir/pwfile"

ctl="$dir/pg_ctl.sh"
cat > "$ctl" <<CTL
#!/usr/bin/env bash
exec ${as_owner[*]} "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \\
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" "\$@"
CTL
chmod 755 "$ctl"

stop() {
    "$ctl" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 70; }
"$ctl" start >/dev/null || { cat "$dir/server.log" >&2; exit 70; }
PGPASSWORD="$password" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE tracker_test ENCODING 'UTF8' TEMPLATE template0" >/dev/null

export TRACKER_TEST_PG="postgresql://postgres@127.0.0.1:$port/tracker_test"
export TRACKER_TEST_PG_CTL="$ctl"
export TRACKER_TEST_PSQL="$bindir/psql"
export PGPASSWORD="$password"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $dir)" >&2
set +e
"$@"
status=$?
exit $status
