# Shared helpers for scripts/build-test-images (sourced, not executed).
# Every function prints what it does; failures stop the build (set -e in the caller).

CACHE_DIR=${EVTSTORE_IMAGE_CACHE:-/var/cache/evtstore-test-images}
# Repository part of the image names (the tests expect the default, evtstore-test).
IMAGE_REPO=${EVTSTORE_TEST_IMAGE_REPO:-evtstore-test}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '[build-test-images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Seconds since the epoch, for the timing lines.
now() { date +%s; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# image_label IMAGE LABEL: the label's value, empty when the image or the label is missing.
image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//'
}

# The Debian mirror the machine's own apt sources use (deb822 .sources or one-line
# lists), e.g. http://deb.debian.org/debian. EVTSTORE_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [ -n "${EVTSTORE_DEBIAN_MIRROR:-}" ]; then echo "$EVTSTORE_DEBIAN_MIRROR"; return; fi
  local files=() uri
  shopt -s nullglob
  files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  [ ${#files[@]} -gt 0 ] || die "no apt sources found; set EVTSTORE_DEBIAN_MIRROR"
  uri=$(cat "${files[@]}" 2>/dev/null | awk '
    /^[[:space:]]*#/ { next }
    $1 == "URIs:" { for (i = 2; i <= NF; i++) print $i }
    $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }
  ' | grep -E '/debian/?$' | head -n 1)
  [ -n "$uri" ] || die "no Debian mirror (a URI ending in /debian) in the apt sources; set EVTSTORE_DEBIAN_MIRROR"
  echo "${uri%/}"
}

# A short hash of the given files and strings: part of a cached root's name, so a
# changed entrypoint or package list builds a new root instead of reusing a stale one.
inputs_hash() {
  local item
  for item in "$@"; do
    if [ -f "$item" ]; then cat "$item"; else printf '%s\n' "$item"; fi
  done | sha256sum | cut -c1-12
}

# debootstrap_root SUITE PACKAGES TARBALL [CUSTOMIZE_FN]
# Builds a minbase root of SUITE with PACKAGES (comma separated), lets CUSTOMIZE_FN
# change it (called with the root directory), trims caches and docs, and writes it as
# TARBALL. The .deb files are kept in $CACHE_DIR/debs so a rebuild downloads nothing.
debootstrap_root() {
  local suite=$1 packages=$2 tarball=$3 customize=${4:-}
  local mirror root
  mirror=$(debian_mirror)
  root=$(mktemp -d "$CACHE_DIR/root.XXXXXX")
  mkdir -p "$CACHE_DIR/debs/$suite"
  log "debootstrap $suite (+$packages) from $mirror"
  debootstrap --variant=minbase --include="$packages" --cache-dir="$CACHE_DIR/debs/$suite" \
    "$suite" "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 30 "$root.log" >&2; rm -rf "$root"; die "debootstrap $suite failed"; }
  chmod 0755 "$root"  # mktemp made it 0700; it becomes the image's /
  if [ -n "$customize" ]; then
    ( "$customize" "$root" ) || { rm -rf "$root" "$root.log"; die "preparing the $suite root failed"; }
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  tar -C "$root" --numeric-owner -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -rf "$root" "$root.log"
}

# import_image TARBALL IMAGE CHANGE... : docker import with Dockerfile-style changes.
import_image() {
  local tarball=$1 image=$2; shift 2
  local args=() change
  for change in "$@"; do args+=(--change "$change"); done
  log "docker import $image"
  docker import "${args[@]}" "$tarball" "$image" >/dev/null
}
