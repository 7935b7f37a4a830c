#!/usr/bin/env bash
# Installs the tools `make test` needs that Go itself does not ship, at pinned
# versions, into .tools/ (Go tools, built from the Go module proxy) and, as
# root, Debian packages that are missing. Idempotent; safe on a fresh machine.
#
# --generators also builds the current Hugo the oracle tests (internal/oracle)
# run beside Debian's Hugo 0.111, into .tools/hugo-$HUGO_VERSION/: 5 to 10
# minutes the first time, kept across runs (a build that already says its
# version is not built again). .ci/run asks for it; make test does not, so it
# stays fast, and the oracle tests skip that Hugo, saying why, without it.
set -euo pipefail
cd "$(dirname "$0")/.."

generators=false
for arg in "$@"; do
  case $arg in
    --generators) generators=true ;;
    *) echo "install-tools: unknown argument $arg (known: --generators)" >&2; exit 2 ;;
  esac
done

STATICCHECK_VERSION=v0.8.2 # staticcheck 2026.2.2, supports Go 1.26
HUGO_VERSION=v0.165.0 # the newest Hugo that builds with Go 1.26 (internal/testdeps.HugoCurrentVersion)
TOOLS=$PWD/.tools
mkdir -p "$TOOLS"

if ! "$TOOLS/staticcheck" -version 2>/dev/null | grep -q "(${STATICCHECK_VERSION#v})"; then
  echo "install-tools: staticcheck $STATICCHECK_VERSION" >&2
  GOBIN=$TOOLS go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi

# Debian packages the tests use as independent validators, as
# "command:package". The tests that need one skip, saying why, without it.
# chromium takes the contact sheet's screenshot (cards/index.html); hugo
# (0.111) and jekyll (4.3) are the oracles of internal/oracle: seopipe's URLs
# are checked against the ones they publish.
# internal/testdeps lists the same, and its test checks that they agree.
APT_TOOLS=(xmllint:libxml2-utils chromium:chromium hugo:hugo jekyll:jekyll)
# Files the tests read, as "file:package": DejaVu (Arabic, Hebrew, symbols)
# and the CJK fallback font of the card tests (Chinese and Japanese titles).
# internal/testdeps lists the same, and its test checks that they agree.
APT_FILES=(
  /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
  /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:fonts-dejavu-core
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
  /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc:fonts-noto-cjk
)
need=()
for pair in "${APT_TOOLS[@]}"; do
  cmd=${pair%%:*} pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
for pair in "${APT_FILES[@]}"; do
  file=${pair%%:*} pkg=${pair#*:}
  [[ -e $file ]] || need+=("$pkg")
done
# One package provides several files: name each once.
mapfile -t need < <(printf '%s\n' ${need[@]+"${need[@]}"} | sort -u | sed '/^$/d')
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "install-tools: apt-get install ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install-tools: missing ${need[*]} (not root: the tests that need them will skip)" >&2
  fi
fi

if $generators; then
  if ! "$TOOLS/hugo-$HUGO_VERSION/hugo" version 2>/dev/null | grep -q "^hugo $HUGO_VERSION[-+ ]"; then
    echo "install-tools: hugo $HUGO_VERSION into .tools/ (5 to 10 minutes, once)" >&2
    GOBIN=$TOOLS/hugo-$HUGO_VERSION CGO_ENABLED=0 go install "github.com/gohugoio/hugo@$HUGO_VERSION"
  fi
fi
