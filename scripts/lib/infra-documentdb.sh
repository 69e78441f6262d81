# shellcheck shell=bash
# Builds the PostgreSQL extensions behind the MongoDB-wire store from the pinned sources in
# third_party/ (see third_party/README.md): pg_cron, pgvector and DocumentDB
# (pg_documentdb_core + pg_documentdb). `make install` puts them into the PostgreSQL
# installation's own lib and share dirs (PostgreSQL 15 loads extensions from nowhere else);
# a marker per extension in .kalcifer/bin/.versions records what was built.

THIRD_PARTY_DIR="$REPO_ROOT/third_party"
PG_MAJOR=15

pg_config_bin() { echo "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"; }

# extension_installed NAME VERSION: the marker matches and the control file is really there
# (a machine handed over without /usr's extension files gets them rebuilt).
extension_installed() {
  local name="$1" version="$2" sharedir
  [[ -f "$MARKER_DIR/pgext-$name" && "$(<"$MARKER_DIR/pgext-$name")" == "$version" ]] || return 1
  sharedir="$("$(pg_config_bin)" --sharedir)"
  [[ -f "$sharedir/extension/$name.control" ]]
}

# unpack_source TARBALL: extracts a third_party tarball into .kalcifer/src, prints the dir.
unpack_source() {
  local tarball="$THIRD_PARTY_DIR/$1" top
  [[ -f "$tarball" ]] || die "missing $tarball (the pinned source; see third_party/README.md)"
  top="$(tar -tzf "$tarball" | head -n1)"
  top="${top%%/*}"
  rm -rf "${SRC_DIR:?}/$top"
  tar -xzf "$tarball" -C "$SRC_DIR"
  echo "$SRC_DIR/$top"
}

# make_extension NAME VERSION TARBALL [MAKE ARGS...]: a plain PGXS extension.
make_extension() {
  local name="$1" version="$2" tarball="$3"
  shift 3
  extension_installed "$name" "$version" && return 0
  local started=$SECONDS dir
  log "building PostgreSQL extension $name $version from third_party/$tarball"
  dir="$(unpack_source "$tarball")" && [[ -d "$dir" ]] || die "could not unpack third_party/$tarball"
  {
    make -C "$dir" -j"$(nproc)" PG_CONFIG="$(pg_config_bin)" "$@" &&
      make -C "$dir" install PG_CONFIG="$(pg_config_bin)" "$@"
  } >>"$LOG_DIR/install.log" 2>&1 || die "building $name failed; see $LOG_DIR/install.log"
  rm -rf "$dir"
  echo "$version" >"$MARKER_DIR/pgext-$name"
  log "built $name in $((SECONDS - started))s"
}

# DocumentDB's Makefile asks pkg-config for libbson-static-1.0 and intelmathlib. Debian ships
# libbson 1.23 (DocumentDB pins 1.28; the one symbol it lacks, BSON_SUBTYPE_SENSITIVE, is added
# to a private copy of the headers) and the Intel decimal library as libbidgcc000.a.
write_documentdb_pkgconfig() {
  local pc="$1/pkgconfig" inc="$1/include"
  mkdir -p "$pc" "$inc"
  rm -rf "$inc/libbson-1.0"
  cp -R /usr/include/libbson-1.0 "$inc/"
  local types="$inc/libbson-1.0/bson/bson-types.h"
  if ! grep -q BSON_SUBTYPE_SENSITIVE "$types"; then
    sed -i 's/^\( *\)BSON_SUBTYPE_COLUMN = 0x07,$/&\n\1BSON_SUBTYPE_SENSITIVE = 0x08,/' "$types"
    grep -q BSON_SUBTYPE_SENSITIVE "$types" || die "could not patch $types for DocumentDB"
  fi
  cat >"$pc/libbson-static-1.0.pc" <<EOF
Name: libbson-static-1.0
Description: Debian libbson with BSON_SUBTYPE_SENSITIVE (for DocumentDB)
Version: 1.23
Libs: -L/usr/lib/x86_64-linux-gnu -lbson-static-1.0 /usr/lib/x86_64-linux-gnu/librt.a
Cflags: -I$inc/libbson-1.0 -DBSON_STATIC
EOF
  cat >"$pc/intelmathlib.pc" <<'EOF'
Name: intelmathlib
Description: Intel Decimal Floating-Point Math Library (Debian libintelrdfpmath-dev)
Version: 2.0u2
Libs: -L/usr/lib/x86_64-linux-gnu -l:libbidgcc000.a
Cflags: -I/usr/include
EOF
}

install_documentdb() {
  local version="$DOCUMENTDB_VERSION"
  extension_installed documentdb "$version" && extension_installed documentdb_core "$version" && return 0
  local started=$SECONDS dir
  log "building DocumentDB $version (pg_documentdb_core, pg_documentdb) from third_party/ (about a minute on 2 cores)"
  dir="$(unpack_source "documentdb-$version.tar.gz")" && [[ -d "$dir" ]] || die "could not unpack DocumentDB's source"
  write_documentdb_pkgconfig "$SRC_DIR/documentdb-deps"
  # The version string FerretDB v2 expects of this DocumentDB; the Makefile would read it from
  # git, and the tarball is no git checkout.
  local sub
  for sub in pg_documentdb_core pg_documentdb; do
    mkdir -p "$dir/$sub/build/include/metadata"
    {
      echo "#define EXTENSION_VERSION_STR \"${DOCUMENTDB_VERSION_STR}\""
      echo "#define GIT_VERSION \"${DOCUMENTDB_GIT_VERSION}\""
    } >"$dir/$sub/build/include/metadata/${sub#pg_}_extension_version.h"
  done
  local -x PKG_CONFIG_PATH="$SRC_DIR/documentdb-deps/pkgconfig"
  {
    make -C "$dir/pg_documentdb_core" -j"$(nproc)" PG_CONFIG="$(pg_config_bin)" &&
      make -C "$dir/pg_documentdb" -j"$(nproc)" PG_CONFIG="$(pg_config_bin)" &&
      make -C "$dir/pg_documentdb_core" install PG_CONFIG="$(pg_config_bin)" &&
      make -C "$dir/pg_documentdb" install PG_CONFIG="$(pg_config_bin)"
  } >>"$LOG_DIR/install.log" 2>&1 || die "building DocumentDB failed; see $LOG_DIR/install.log"
  rm -rf "$dir" "$SRC_DIR/documentdb-deps"
  echo "$version" >"$MARKER_DIR/pgext-documentdb_core"
  echo "$version" >"$MARKER_DIR/pgext-documentdb"
  log "built DocumentDB in $((SECONDS - started))s"
}

install_pg_extensions() {
  # Debian's postgresql-15-cron (1.4.2) rejects DocumentDB's "N seconds" schedules: 1.6 is built.
  make_extension pg_cron "$PG_CRON_VERSION" "pg_cron-$PG_CRON_VERSION.tar.gz"
  # Bookworm has no pgvector package. OPTFLAGS="": no -march=native in a shared build.
  make_extension vector "$PGVECTOR_VERSION" "pgvector-$PGVECTOR_VERSION.tar.gz" OPTFLAGS=""
  install_documentdb
}
