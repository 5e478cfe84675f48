#!/bin/sh
# Entrypoint of evtstore-test/postgres: a fresh cluster when the container is created,
# listening on 127.0.0.1:$EVTSTORE_PORT (host networking), password auth for
# $POSTGRES_USER. The cluster lives in the container's own file system, so a container
# stopped and started again (docker stop/start) keeps its data. Extra arguments go to
# the postgres server (e.g. -c fsync=off).
set -eu
PORT=${EVTSTORE_PORT:-5432}
USER_NAME=${POSTGRES_USER:-postgres}
PASSWORD=${POSTGRES_PASSWORD:-postgres}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=/var/lib/postgresql/evtstore-data
SOCKETS=/tmp/evtstore-pgsock
mkdir -p "$DATA" "$SOCKETS"
chmod 0700 "$DATA"
chown postgres:postgres "$DATA" "$SOCKETS"
if [ ! -s "$DATA/PG_VERSION" ]; then
  PWFILE=$(mktemp)
  printf '%s\n' "$PASSWORD" >"$PWFILE"
  chown postgres "$PWFILE"
  setpriv --reuid=postgres --regid=postgres --init-groups \
    "$BIN/initdb" -D "$DATA" -U "$USER_NAME" --pwfile="$PWFILE" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$PWFILE"
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups \
  "$BIN/postgres" -D "$DATA" -p "$PORT" -k "$SOCKETS" -c listen_addresses=127.0.0.1 "$@"
