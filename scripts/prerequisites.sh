#!/usr/bin/env bash
# The system packages a make target needs, checked before it does anything else.
#
#   scripts/prerequisites.sh venv   Python 3.11+ with venv (to create .venv)
#   scripts/prerequisites.sh demo   what `make demo` needs: the venv's prerequisites
#   scripts/prerequisites.sh test   what `make test` needs: the above, Chromium, the
#                                   PostgreSQL server binaries, Go and golang.org/x/mod,
#                                   and for the reports Pango (WeasyPrint's PDFs), a
#                                   font that carries Vietnamese and poppler-utils
#
# Silent, and exit 0, when everything is there. When something is missing:
#   - as root, it installs the missing Debian packages (apt-get update first, then
#     apt-get install), checks again, and says which ones it installed;
#   - otherwise it stops at once (exit 1) with one sentence naming the Debian packages.
# As root, `make test` also needs the `postgres` system user (initdb refuses to run as
# root, so scripts/pg-cluster.sh runs the test cluster as that user): created if missing.
#
# Where each thing is looked for (environment; the tests use these to simulate a
# machine that lacks it):
#   PYTHON                 the interpreter .venv is made from (default python3), checked
#                          only while the venv has no bin/python
#   LEDGER_VENV            the venv (default .venv in the repository)
#   LEDGER_TEST_CHROMIUM   the browser the browser tests drive (default /usr/bin/chromium)
#   PG_BINDIR              initdb/pg_ctl/postgres (default: found as scripts/pg-cluster.sh
#                          finds them)
#   LEDGER_TEST_GO         the go command (default go, on PATH)
#   LEDGER_TEST_GO_X_MOD   the source of golang.org/x/mod that Debian's
#                          golang-golang-x-mod-dev installs
#                          (default /usr/share/gocode/src/golang.org/x/mod)
#   LEDGER_TEST_PANGO      Pango's FreeType library, which WeasyPrint loads (a glob;
#                          default /usr/lib/*-linux-gnu/libpangoft2-1.0.so.0)
#   LEDGER_TEST_FONT       the reports' font (default DejaVu Serif of fonts-dejavu-core)
#   LEDGER_TEST_PDFTOTEXT  poppler's pdftotext, which the report tests read PDFs with
#                          (default pdftotext, on PATH; pdftoppm comes with it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV_PYTHON=${LEDGER_VENV:-$ROOT/.venv}/bin/python
CHROMIUM=${LEDGER_TEST_CHROMIUM:-/usr/bin/chromium}
GO=${LEDGER_TEST_GO:-go}
GO_X_MOD=${LEDGER_TEST_GO_X_MOD:-/usr/share/gocode/src/golang.org/x/mod}
PANGO=${LEDGER_TEST_PANGO:-/usr/lib/*-linux-gnu/libpangoft2-1.0.so.0}
FONT=${LEDGER_TEST_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf}
PDFTOTEXT=${LEDGER_TEST_PDFTOTEXT:-pdftotext}

say() { printf 'prerequisites: %s\n' "$*" >&2; }

usage() {
    echo "usage: $0 venv|demo|test" >&2
    exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# Each check succeeds when the thing is usable; its Debian packages are named beside it.
python_ok() {
    [[ -x $VENV_PYTHON ]] && return 0
    "$PYTHON" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' \
        >/dev/null 2>&1
}
chromium_ok() { [[ -x $CHROMIUM ]]; }
postgres_ok() { bash "$ROOT/scripts/pg-cluster.sh" bindir >/dev/null 2>&1; }
go_ok() { command -v "$GO" >/dev/null 2>&1; }
go_x_mod_ok() { [[ -f $GO_X_MOD/go.mod ]]; }
# The glob is wanted: the library lives under the machine's multiarch folder.
# shellcheck disable=SC2086
pango_ok() { compgen -G "$PANGO" >/dev/null; }
font_ok() { [[ -f $FONT ]]; }
poppler_ok() { command -v "$PDFTOTEXT" >/dev/null 2>&1; }

CHECKS_venv=(python_ok)
CHECKS_demo=(python_ok)
CHECKS_test=(python_ok chromium_ok postgres_ok go_ok go_x_mod_ok pango_ok font_ok poppler_ok)

declare -A PACKAGES=(
    [python_ok]="python3 python3-venv"
    [chromium_ok]="chromium"
    [postgres_ok]="postgresql-15"
    [go_ok]="golang-go"
    [go_x_mod_ok]="golang-golang-x-mod-dev"
    [pango_ok]="libpango-1.0-0 libpangoft2-1.0-0"
    [font_ok]="fonts-dejavu-core"
    [poppler_ok]="poppler-utils"
)

# The Debian packages of the checks that fail, one line, in the order of the checks.
missing_packages() {
    local check missing=()
    for check in "$@"; do
        "$check" || missing+=(${PACKAGES[$check]})
    done
    echo "${missing[*]}"
}

ensure_postgres_user() {
    is_root || return 0
    id -u postgres >/dev/null 2>&1 && return 0
    say "creating the postgres system user (the test cluster runs as it: initdb refuses root)"
    # Another worktree may be creating it at the same moment.
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres || id -u postgres >/dev/null 2>&1
}

main() {
    [[ $# -eq 1 ]] || usage
    local target=$1 checks missing
    case $target in
    venv) checks=("${CHECKS_venv[@]}") ;;
    demo) checks=("${CHECKS_demo[@]}") ;;
    test) checks=("${CHECKS_test[@]}") ;;
    *) usage ;;
    esac

    missing=$(missing_packages "${checks[@]}")
    if [[ -n $missing ]]; then
        if ! is_root; then
            say "make $target needs the Debian packages $missing: install them with" \
                "\`sudo apt-get install $missing\` (or run make $target as root, which installs them)."
            exit 1
        fi
        say "installing the Debian packages $missing (apt-get)"
        # The word splitting of $missing is wanted: one argument per package.
        # shellcheck disable=SC2086
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            $missing; } >&2; then
            say "apt-get could not install the Debian packages $missing."
            exit 1
        fi
        missing=$(missing_packages "${checks[@]}")
        if [[ -n $missing ]]; then
            say "the Debian packages $missing are installed but still not found (see the settings at the top of $0)."
            exit 1
        fi
    fi
    if [[ $target == test ]]; then
        ensure_postgres_user
    fi
}

main "$@"
