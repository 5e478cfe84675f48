#!/bin/sh
# Entrypoint of evtstore-test/mariadb: a fresh data directory on every start, listening
# on 127.0.0.1:$EVTSTORE_PORT (host networking); root may log in over TCP with
# $MARIADB_ROOT_PASSWORD. Extra arguments go to mariadbd.
set -eu
PORT=${EVTSTORE_PORT:-3306}
PASSWORD=${MARIADB_ROOT_PASSWORD:-mariadb}
DATA=$(mktemp -d /var/lib/mysql/data.XXXXXX)
RUN=$(mktemp -d /tmp/mysqld.XXXXXX)
chown mysql:mysql "$DATA" "$RUN"
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
exec mariadbd --no-defaults --user=mysql --datadir="$DATA" --port="$PORT" --bind-address=127.0.0.1 \
  --socket="$RUN/mysqld.sock" --pid-file="$RUN/mysqld.pid" --init-file="$INIT" \
  --skip-name-resolve "$@"
