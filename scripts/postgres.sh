#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (scripts/test.sh starts one for the PostgreSQL store's tests).
#
#   scripts/postgres.sh start DIR          creates a cluster in DIR (an empty folder the caller made, `mktemp -d`),
#                                          starts it and prints one line on stdout, its URL:
#                                            postgres://tally@127.0.0.1:PORT/tally   (password: tally)
#   scripts/postgres.sh createdb DIR NAME  creates another database NAME owned by tally and prints its URL
#                                          (tests can also run CREATE DATABASE themselves: role tally has CREATEDB)
#   scripts/postgres.sh stop DIR           stops the cluster (fast mode) and removes DIR; safe if already stopped
#
# The server listens on 127.0.0.1 only, on a free port (picked at random, another one tried when taken), with its
# unix socket inside DIR (open to the cluster's owner only), fsync on, and max_connections 128. Role tally
# (password tally, CREATEDB) owns database tally; connections over 127.0.0.1 authenticate with scram-sha-256.
#
# TLS: the server runs with ssl = on, its certificate signed at start by a throwaway CA made with openssl. The CA's
# certificate is DIR/root.crt (its key is deleted once it has signed); the server's certificate has the SAN
# IP:127.0.0.1,DNS:localhost, so postgres://tally@127.0.0.1:PORT/tally?sslmode=verify-full&sslrootcert=DIR/root.crt
# (or @localhost) verifies fully. Plain connections work too (pg_hba's `host` lines match both). Without openssl
# (and none could be installed) the server starts without TLS, says so in one line on stderr, and there is no
# DIR/root.crt.
# Diagnostics go to stderr, and DIR/postgres.log is the server's log; a failure ends with one line
# `postgres.sh: REASON` on stderr and a non-zero exit.
#
# Installs Debian's postgresql package when no initdb/pg_ctl is found in /usr/lib/postgresql/*/bin (apt-get, with
# sudo when not root), and Debian's openssl package when there is no openssl. initdb and postgres refuse to run as
# root: as root the cluster belongs to the `postgres` system user, or to a system user `tally-pg` created for it
# when there is no `postgres`. That user must be able to enter DIR: give a DIR directly under /tmp (as `mktemp -d`
# makes), not one inside a folder only you may enter.
set -euo pipefail

me="postgres.sh"
die() {
    echo "$me: $*" >&2
    exit 1
}
say() { echo "$me: $*" >&2; }

usage() {
    echo "usage: scripts/postgres.sh start DIR | createdb DIR NAME | stop DIR" >&2
    exit 2
}

# The newest PostgreSQL install's bin folder that has initdb, pg_ctl, postgres and psql; empty when none.
find_bindir() {
    # The glob sorts 10 before 9: compare the major versions as numbers.
    local bin best="" version max=-1
    for bin in /usr/lib/postgresql/*/bin; do
        if ! [ -x "$bin/initdb" ] || ! [ -x "$bin/pg_ctl" ] || ! [ -x "$bin/postgres" ] || ! [ -x "$bin/psql" ]; then
            continue
        fi
        version="${bin#/usr/lib/postgresql/}"
        version="${version%%/*}"
        version="${version%%.*}"
        [[ "$version" =~ ^[0-9]+$ ]] || version=0
        if [ "$version" -gt "$max" ]; then
            max="$version"
            best="$bin"
        fi
    done
    echo "$best"
}

# Installs Debian package $1 with apt-get (with sudo when not root); on failure prints why on stdout and fails.
apt_install() {
    local package="$1" sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "installing it needs root or sudo"; return 1; }
        sudo="sudo"
    fi
    command -v apt-get >/dev/null || { echo "there is no apt-get to install it"; return 1; }
    if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        $sudo apt-get update -qq >&2 || { echo "apt-get update failed"; return 1; }
    fi
    local log
    log="$(mktemp)"
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" \
        </dev/null >/dev/null 2>"$log"; then
        cat "$log" >&2
        local why
        why="$(grep '^E: ' "$log" | head -n 1)"
        rm -f "$log"
        echo "apt-get install $package failed${why:+ (${why#E: })}"
        return 1
    fi
    rm -f "$log"
}

install_postgresql() {
    say "installing postgresql (no initdb/pg_ctl in /usr/lib/postgresql/*/bin)"
    local why
    why="$(apt_install postgresql)" || die "PostgreSQL is not installed, and $why"
}

# Makes the throwaway CA (DIR/root.crt) and the server's certificate and key (DIR/data/server.crt, server.key,
# the key mode 0600 and both the cluster owner's). Fails, saying why on stdout, when openssl is missing (and cannot
# be installed) or fails.
make_certificates() {
    if ! command -v openssl >/dev/null; then
        say "installing openssl (for the server's TLS certificate)"
        local why
        why="$(apt_install openssl)" || { echo "openssl is missing, and $why"; return 1; }
    fi
    local work="$dir/tls"
    mkdir -m 0700 "$work"
    printf '%s\n' "subjectAltName = IP:127.0.0.1, DNS:localhost" "basicConstraints = critical, CA:FALSE" \
        "keyUsage = critical, digitalSignature, keyEncipherment" "extendedKeyUsage = serverAuth" >"$work/server.ext"
    if ! {
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
            -subj "/CN=tally test CA" -keyout "$work/root.key" -out "$work/root.crt" \
            -addext "basicConstraints = critical, CA:TRUE" -addext "keyUsage = critical, keyCertSign, cRLSign" \
            && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
                -keyout "$work/server.key" -out "$work/server.csr" \
            && openssl x509 -req -in "$work/server.csr" -CA "$work/root.crt" -CAkey "$work/root.key" \
                -CAcreateserial -days 30 -extfile "$work/server.ext" -out "$work/server.crt"
    } >"$dir/openssl.log" 2>&1; then
        cat "$dir/openssl.log" >&2
        rm -rf "$work"
        echo "openssl failed (above)"
        return 1
    fi
    if ! {
        install -m 0600 "$work/server.key" "$dir/data/server.key" \
            && install -m 0644 "$work/server.crt" "$dir/data/server.crt" \
            && { [ "$owner" = "$(id -un)" ] || chown "$owner:" "$dir/data/server.key" "$dir/data/server.crt"; } \
            && install -m 0644 "$work/root.crt" "$dir/root.crt"
    } >&2; then
        rm -rf "$work" "$dir/data/server.key" "$dir/data/server.crt" "$dir/root.crt"
        echo "could not put the certificates in place (above)"
        return 1
    fi
    rm -rf "$work"
}

# Runs a command as the cluster's owner ($owner), from DIR (the owner may not be able to read the caller's folder).
as_owner() {
    if [ "$owner" = "$(id -un)" ]; then
        (cd "$dir" && "$@")
    else
        (cd "$dir" && runuser -u "$owner" -- "$@")
    fi
}

# The unprivileged user that owns the cluster: ourselves, or when root `postgres` (else `tally-pg`, created).
pick_owner() {
    if [ "$(id -u)" != 0 ]; then
        id -un
    elif id -u postgres >/dev/null 2>&1; then
        echo postgres
    else
        if ! id -u tally-pg >/dev/null 2>&1; then
            say "creating the system user tally-pg to own the test cluster"
            useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
                tally-pg >&2 || die "could not create the system user tally-pg"
        fi
        echo tally-pg
    fi
}

# Fails unless $owner can reach DIR: every folder above it must be searchable by that user.
check_reachable() {
    [ "$owner" = "$(id -un)" ] && return 0
    runuser -u "$owner" -- test -x "$dir" 2>/dev/null && return 0
    # Name the first folder, from / down, that it cannot enter.
    local path="" part
    local -a parts
    IFS=/ read -r -a parts <<<"${dir#/}"
    for part in "" "${parts[@]}"; do
        path="${path%/}/$part"
        runuser -u "$owner" -- test -x "$path" 2>/dev/null \
            || die "the cluster's owner $owner cannot enter $path (give a DIR under /tmp, e.g. from mktemp -d)"
    done
    die "the cluster's owner $owner cannot enter $dir"
}

port_in_use() {
    # Something accepts connections on it (bash's /dev/tcp; a refused connect fails at once).
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

psql_admin() {
    as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres -d postgres "$@"
}

load_state() {
    [ -f "$dir/cluster.env" ] || die "no cluster in $dir (no cluster.env; was it started with scripts/postgres.sh start?)"
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
}

cmd_start() {
    [ -d "$dir" ] || die "$dir is not a folder (make it first, e.g. with mktemp -d)"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    # Unix socket paths are limited to 107 bytes: DIR/socket/.s.PGSQL.NNNNN.
    [ "${#dir}" -le 80 ] || die "$dir is too long a path for the server's unix socket (80 characters at most)"

    bindir="$(find_bindir)"
    if [ -z "$bindir" ]; then
        install_postgresql
        bindir="$(find_bindir)"
        [ -n "$bindir" ] || die "postgresql is installed but no initdb/pg_ctl/postgres/psql in /usr/lib/postgresql/*/bin"
    fi
    owner="$(pick_owner)"
    if [ "$owner" != "$(id -un)" ]; then
        chmod 0711 "$dir"
        check_reachable
    fi
    mkdir -m 0700 "$dir/data" "$dir/socket"
    : >"$dir/postgres.log"
    [ "$owner" = "$(id -un)" ] || chown "$owner:" "$dir/data" "$dir/socket" "$dir/postgres.log"

    # The cluster's superuser `postgres` has no password: it logs in over the owner-only unix socket (trust).
    # --no-sync: initdb's files need not reach the disk before the server starts (tests kill the server, not the
    # machine); the server itself runs with fsync on.
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed (above)"
    fi
    cat >"$dir/data/pg_hba.conf" <<EOF
# scripts/postgres.sh: the superuser over the owner-only unix socket; everyone else with a password over 127.0.0.1.
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
    [ "$owner" = "$(id -un)" ] || chown "$owner:" "$dir/data/pg_hba.conf"
    local ssl="off" why
    if why="$(make_certificates)"; then
        ssl="on"
    else
        say "starting without TLS: $why"
    fi

    local started=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        # 20000-31999: below Linux's ephemeral range (32768-60999), where outgoing connections take their ports.
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
        port_in_use "$port" && continue
        cat >"$dir/data/postgresql.auto.conf" <<EOF
# scripts/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
unix_socket_permissions = 0700
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 128
password_encryption = 'scram-sha-256'
logging_collector = off
ssl = $ssl
EOF
        [ "$owner" = "$(id -un)" ] || chown "$owner:" "$dir/data/postgresql.auto.conf"
        : >"$dir/postgres.log"
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -s start >/dev/null 2>&1; then
            started=1
            break
        fi
        if grep -q 'Address already in use' "$dir/postgres.log"; then
            say "port $port was taken; trying another"
            continue
        fi
        tail -n 20 "$dir/postgres.log" >&2
        die "the server did not start (its log, above, is $dir/postgres.log)"
    done
    [ -n "$started" ] || die "no free port found in 10 tries"
    cat >"$dir/cluster.env" <<EOF
bindir='$bindir'
owner='$owner'
port='$port'
EOF
    # From here on a failure stops the server again; the caller's `stop DIR` removes the folder.
    trap 'as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true' EXIT
    psql_admin -c "CREATE ROLE tally LOGIN CREATEDB PASSWORD 'tally'" -c "CREATE DATABASE tally OWNER tally" \
        >&2 || die "could not create role and database tally"
    # The way the tests connect: over TCP, with the password.
    local url="postgres://tally@127.0.0.1:$port/tally"
    if ! PGPASSWORD=tally PGCONNECT_TIMEOUT=10 "$bindir/psql" -X -q -At "$url" -c 'select 1' >/dev/null 2>"$dir/check.log"; then
        cat "$dir/check.log" >&2
        die "the server started but tally cannot log in over 127.0.0.1:$port (above)"
    fi
    if [ "$ssl" = on ] && ! PGPASSWORD=tally PGCONNECT_TIMEOUT=10 "$bindir/psql" -X -q -At \
        "$url?sslmode=verify-full&sslrootcert=$dir/root.crt" -c 'select 1' >/dev/null 2>"$dir/check.log"; then
        cat "$dir/check.log" >&2
        die "the server started but a TLS connection to 127.0.0.1:$port (sslmode=verify-full, $dir/root.crt) fails (above)"
    fi
    trap - EXIT
    echo "$url"
}

cmd_createdb() {
    local name="$1"
    [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$name' must be lowercase letters, digits and _"
    load_state
    psql_admin -c "CREATE DATABASE \"$name\" OWNER tally" >&2 || die "could not create database $name"
    echo "postgres://tally@127.0.0.1:$port/$name"
}

# True while PID is a live (not zombie) postmaster of this cluster.
postmaster_alive() {
    local state
    state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
    [ -n "$state" ] && [ "$state" != Z ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$dir/data"
}

cmd_stop() {
    [ -e "$dir" ] || return 0
    local pid=""
    [ -f "$dir/data/postmaster.pid" ] && pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && postmaster_alive "$pid"; then
        # shellcheck disable=SC1091
        [ -f "$dir/cluster.env" ] && . "$dir/cluster.env"
        if [ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] && [ -n "$owner" ]; then
            as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 -s stop >/dev/null 2>&1 \
                || as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 10 -s stop >/dev/null 2>&1 || true
        fi
        # No pg_ctl (start failed half way, or PostgreSQL was removed), or it failed: signal the postmaster itself,
        # SIGINT (fast shutdown), then SIGQUIT (immediate), then SIGKILL.
        local signal
        for signal in INT QUIT KILL; do
            postmaster_alive "$pid" || break
            kill -"$signal" "$pid" 2>/dev/null || true
            for _ in $(seq 50); do postmaster_alive "$pid" || break; sleep 0.1; done
        done
        postmaster_alive "$pid" && say "could not stop the server (PID $pid) in $dir"
    fi
    rm -rf "$dir"
}

[ $# -ge 2 ] || usage
command="$1"
dir="$2"
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
dir="${dir%/}"
bindir="" owner="" port=""
case "$command" in
    start) [ $# = 2 ] || usage; cmd_start ;;
    createdb) [ $# = 3 ] || usage; cmd_createdb "$3" ;;
    stop) [ $# = 2 ] || usage; cmd_stop ;;
    *) usage ;;
esac
