#!/bin/sh
# Entrypoint of evtstore-test/mariadb: a fresh data directory when the container is
# created, listening on 127.0.0.1:$EVTSTORE_PORT (host networking); root may log in over
# TCP with $MARIADB_ROOT_PASSWORD. The data lives in the container's own file system, so
# a container stopped and started again (docker stop/start) keeps it. Extra arguments go
# to mariadbd.
set -eu
PORT=${EVTSTORE_PORT:-3306}
PASSWORD=${MARIADB_ROOT_PASSWORD:-mariadb}
DATA=/var/lib/mysql/evtstore-data
RUN=/tmp/evtstore-mysqld
mkdir -p "$DATA" "$RUN"
chown mysql:mysql "$DATA" "$RUN"
INIT_ARGS=
if [ ! -d "$DATA/mysql" ]; then
  mariadb-install-db --no-defaults --user=mysql --datadir="$DATA" --skip-test-db \
    --auth-root-authentication-method=socket >/dev/null
  QUOTED=$(printf '%s' "$PASSWORD" | sed "s/\\\\/\\\\\\\\/g; s/'/''/g")
  INIT="$RUN/init.sql"
  cat >"$INIT" <<SQL
CREATE USER 'root'@'%' IDENTIFIED BY '$QUOTED';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  chown mysql "$INIT"
  INIT_ARGS="--init-file=$INIT"
fi
# a server stopped hard leaves its pid file behind
rm -f "$RUN/mysqld.pid"
# shellcheck disable=SC2086 # INIT_ARGS is one option or none
exec mariadbd --no-defaults --user=mysql --datadir="$DATA" --port="$PORT" --bind-address=127.0.0.1 \
  --socket="$RUN/mysqld.sock" --pid-file="$RUN/mysqld.pid" $INIT_ARGS \
  --skip-name-resolve "$@"
