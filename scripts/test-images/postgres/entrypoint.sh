#!/bin/sh
# Entrypoint of evtstore-test/postgres: a fresh cluster on every start, listening on
# 127.0.0.1:$EVTSTORE_PORT (host networking), password auth for $POSTGRES_USER.
# Extra arguments go to the postgres server (e.g. -c fsync=off).
set -eu
PORT=${EVTSTORE_PORT:-5432}
USER_NAME=${POSTGRES_USER:-postgres}
PASSWORD=${POSTGRES_PASSWORD:-postgres}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=$(mktemp -d /var/lib/postgresql/data.XXXXXX)
SOCKETS=$(mktemp -d /tmp/pgsock.XXXXXX)
chown postgres:postgres "$DATA" "$SOCKETS"
PWFILE=$(mktemp)
printf '%s\n' "$PASSWORD" >"$PWFILE"
chown postgres "$PWFILE"
setpriv --reuid=postgres --regid=postgres --init-groups \
  "$BIN/initdb" -D "$DATA" -U "$USER_NAME" --pwfile="$PWFILE" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$PWFILE"
exec setpriv --reuid=postgres --regid=postgres --init-groups \
  "$BIN/postgres" -D "$DATA" -p "$PORT" -k "$SOCKETS" -c listen_addresses=127.0.0.1 "$@"
