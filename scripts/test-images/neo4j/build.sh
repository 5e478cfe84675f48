# Neo4j 5, 4.4 and 3.5 from Maven Central: the neo4j-harness jars of each line (collected
# with the throwaway pom.xml here) plus a tiny launcher compiled with javac, on a Java
# root from debootstrap (Java 17 from bookworm for 5; Java 11 from bullseye for 4.4, 3.5).
# The launcher opens Bolt on 127.0.0.1:$EVTSTORE_PORT, prints the version and Bolt URI.

NEO4J_DIR=$HERE/neo4j

# line -> harness version, Java root, javac --release, launcher class
neo4j_settings() {
  case $1 in
    5) echo "${EVTSTORE_NEO4J5_VERSION:-5.26.30} java17 17 EvtstoreNeo4j" ;;
    4.4) echo "${EVTSTORE_NEO4J44_VERSION:-4.4.48} java11 11 EvtstoreNeo4j" ;;
    3.5) echo "${EVTSTORE_NEO4J35_VERSION:-3.5.34} java11 11 EvtstoreNeo4j35" ;;
    *) die "unknown Neo4j line $1" ;;
  esac
}

# java_root NAME: prints the path of a cached root tarball with that Java installed.
java_root() {
  local suite package
  case $1 in
    java17) suite=bookworm package=openjdk-17-jre-headless ;;
    java11) suite=bullseye package=openjdk-11-jre-headless ;;
  esac
  local tarball="$CACHE_DIR/$1-root-$(inputs_hash "$suite $package").tar"
  if [ -f "$tarball" ]; then log "reusing cached $1 root" >&2; else debootstrap_root "$suite" "$package" "$tarball" check_java_root; fi
  echo "$tarball"
}

# (java itself cannot run in a chroot without /proc; the image is checked after import)
check_java_root() {
  ls "$1"/usr/lib/jvm/*/bin/java >/dev/null 2>&1 || die "no java in the new root"
}

# neo4j_jars VERSION DIR: the harness and its runtime dependencies into DIR (cached).
neo4j_jars() {
  local version=$1 dir=$2 project
  if [ -f "$dir/.complete" ]; then log "reusing cached jars for Neo4j $version"; return; fi
  project=$(mktemp -d "$CACHE_DIR/neo4j-pom.XXXXXX")
  cp "$NEO4J_DIR/pom.xml" "$project/pom.xml"
  log "mvn dependency:copy-dependencies neo4j-harness $version"
  rm -rf "$dir"
  mvn -B -q -Dstyle.color=never -f "$project/pom.xml" -Dneo4j.version="$version" -Djars.dir="$dir" dependency:copy-dependencies \
    || die "maven could not collect neo4j-harness $version"
  rm -rf "$project"
  ls "$dir"/neo4j-harness-*.jar >/dev/null 2>&1 || die "no neo4j-harness jar in $dir"
  touch "$dir/.complete"
}

build_neo4j() {
  local line=$1 image="$IMAGE_REPO/neo4j:$1"
  if image_exists "$image"; then log "$image exists, skipped"; return; fi
  local version java release main
  read -r version java release main <<<"$(neo4j_settings "$line")"
  local cache="$CACHE_DIR/neo4j-$version" root_tar stage
  mkdir -p "$cache"
  neo4j_jars "$version" "$cache/lib"
  log "javac --release $release $main.java"
  rm -rf "$cache/launcher" && mkdir -p "$cache/launcher"
  javac -nowarn --release "$release" -cp "$cache/lib/*" -d "$cache/launcher" "$NEO4J_DIR/$main.java"
  root_tar=$(java_root "$java")
  stage=$(mktemp -d "$CACHE_DIR/neo4j-stage.XXXXXX")
  mkdir -p "$stage/opt/neo4j"
  cp -r "$cache/lib" "$cache/launcher" "$stage/opt/neo4j/"
  rm -f "$stage/opt/neo4j/lib/.complete"
  cp "$root_tar" "$stage.tar"
  tar -C "$stage" --numeric-owner --owner=0 --group=0 -rf "$stage.tar" ./opt/neo4j
  import_image "$stage.tar" "$image" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV LANG=C.UTF-8' \
    'WORKDIR /tmp' \
    "ENTRYPOINT [\"java\", \"-Xmx1g\", \"-XX:+UseSerialGC\", \"-cp\", \"/opt/neo4j/launcher:/opt/neo4j/lib/*\", \"$main\"]"
  rm -rf "$stage" "$stage.tar"
  local java_version
  java_version=$(docker run --rm --network none --entrypoint java "$image" -version 2>&1) \
    || { docker rmi "$image" >/dev/null; die "java does not run in $image: $java_version"; }
  log "$image: ${java_version%%$'\n'*}"
}
