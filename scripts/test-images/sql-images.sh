# PostgreSQL and MariaDB images: a Debian bookworm minbase root with the server package
# and an entrypoint that starts a fresh server on 127.0.0.1:$EVTSTORE_PORT when the
# container is created, and the same server with its data when it is started again.
# An image built from other inputs (an older entrypoint) is rebuilt: its
# org.evtstore.inputs label differs.

POSTGRES_IMAGE=$IMAGE_REPO/postgres:15
MARIADB_IMAGE=$IMAGE_REPO/mariadb:10.11

# sql_image IMAGE NAME PACKAGE CHECK_CMD: CHECK_CMD (run in the root) must print the
# major version the tag promises.
sql_image() {
  local image=$1 name=$2 package=$3 expect=$4 check=$5
  local entry="$HERE/$name/entrypoint.sh" hash
  hash=$(inputs_hash "$entry" "bookworm $package $expect")
  if [ "$(image_label "$image" org.evtstore.inputs)" = "$hash" ]; then log "$image exists, skipped"; return; fi
  image_exists "$image" && log "$image was built from other inputs: rebuilding"
  local tarball="$CACHE_DIR/$name-root-$hash.tar"
  if [ -f "$tarball" ]; then
    log "$image: reusing cached root $tarball"
  else
    SQL_ENTRY=$entry SQL_EXPECT=$expect SQL_CHECK=$check \
      debootstrap_root bookworm "$package" "$tarball" customize_sql_root
  fi
  import_image "$tarball" "$image" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV LANG=C.UTF-8' \
    "LABEL org.evtstore.inputs=$hash org.evtstore.keeps-data=true" \
    'ENTRYPOINT ["/usr/local/bin/evtstore-entrypoint"]'
}

customize_sql_root() {
  local root=$1 got
  got=$(chroot "$root" sh -c "$SQL_CHECK")
  [ "$got" = "$SQL_EXPECT" ] || die "expected server version $SQL_EXPECT in the root, found '$got'"
  install -m 0755 "$SQL_ENTRY" "$root/usr/local/bin/evtstore-entrypoint"
}

build_postgres() {
  sql_image "$POSTGRES_IMAGE" postgres postgresql 15 \
    'ls /usr/lib/postgresql | sort -V | tail -n 1'
}

build_mariadb() {
  sql_image "$MARIADB_IMAGE" mariadb mariadb-server 10.11 \
    "mariadbd --version | sed -E 's/.*Ver ([0-9]+\\.[0-9]+).*/\\1/'"
}
