# FerretDB (a MongoDB-wire-compatible server on SQLite) built from its Go module source.
# `go install` alone gives a binary that panics at start: the module lacks the generated
# build/version/version.txt. So: download the module, copy it, write that file, build a
# static binary, and import it as a tiny image (the binary, /tmp and /data; no shell).

FERRETDB_VERSION=${EVTSTORE_FERRETDB_VERSION:-v1.24.2}
FERRETDB_IMAGE=$IMAGE_REPO/ferretdb:1.24

go_command() {
  if command -v go >/dev/null; then command -v go; elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go;
  else die "go (>= 1.24) is needed to build FerretDB"; fi
}

build_ferretdb_binary() {
  local out=$1 go work dir
  go=$(go_command)
  work=$(mktemp -d "$CACHE_DIR/ferretdb-src.XXXXXX")
  log "go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION ($("$go" version))"
  dir=$(cd "$work" && GOFLAGS= "$go" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download gave no module directory"
  cp -r "$dir" "$work/src"
  chmod -R u+w "$work/src"
  mkdir -p "$work/src/build/version"
  printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  log "go build ./cmd/ferretdb (CGO_ENABLED=0)"
  (cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath -o "$out.part" ./cmd/ferretdb)
  mv "$out.part" "$out"
  rm -rf "$work"
}

build_ferretdb() {
  if image_exists "$FERRETDB_IMAGE"; then log "$FERRETDB_IMAGE exists, skipped"; return; fi
  local bin="$CACHE_DIR/ferretdb-$FERRETDB_VERSION" root
  if [ -x "$bin" ]; then log "reusing cached FerretDB binary $bin"; else build_ferretdb_binary "$bin"; fi
  "$bin" --version | grep -q "${FERRETDB_VERSION#v}" || die "built FerretDB does not report $FERRETDB_VERSION"
  root=$(mktemp -d "$CACHE_DIR/ferretdb-root.XXXXXX")
  chmod 0755 "$root"
  mkdir -p "$root/data" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp" "$root/data"
  install -m 0755 "$bin" "$root/ferretdb"
  printf 'root:x:0:0:root:/:/ferretdb\nnobody:x:65534:65534:nobody:/:/ferretdb\n' >"$root/etc/passwd"
  tar -C "$root" --numeric-owner -cf "$root.tar" .
  import_image "$root.tar" "$FERRETDB_IMAGE" \
    'ENTRYPOINT ["/ferretdb", "--handler=sqlite", "--sqlite-url=file:/data/", "--telemetry=disable", "--state-dir=-", "--debug-addr=-", "--log-level=info"]'
  rm -rf "$root" "$root.tar"
}
