#!/usr/bin/env bash
# Runs the short tests as on a machine without the optional Debian packages
# (xmllint, chromium, hugo, jekyll, the DejaVu and Noto CJK fonts) and the
# current Hugo built into .tools/: every test that needs one must skip,
# saying why, not fail.
#
# As root with unshare(1), they are really absent: a private mount namespace
# lays an empty directory over /usr/share/fonts and /dev/null (not
# executable) over each tool, so a test that looked for them some other way
# than through internal/testdeps would fail here. Elsewhere internal/testdeps
# hides them (SEOPIPE_TEST_HIDE_OPTIONAL=1).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
tests="$GO test -short -count=1 -timeout 10m ./..."

if [[ $(id -u) == 0 ]] && command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
  empty=$(mktemp -d)
  trap 'rmdir "$empty"' EXIT
  hide="mount --bind '$empty' /usr/share/fonts"
  for tool in xmllint chromium hugo jekyll; do
    if path=$(command -v "$tool"); then
      hide+=" && mount --bind /dev/null '$path'"
    fi
  done
  for path in .tools/hugo-*/hugo; do
    if [[ -e $path ]]; then
      hide+=" && mount --bind /dev/null '$PWD/$path'"
    fi
  done
  echo "test-bare: fonts and tools hidden in a private mount namespace" >&2
  unshare -m bash -c "set -e; $hide; $tests"
else
  echo "test-bare: not root or no unshare: hidden by SEOPIPE_TEST_HIDE_OPTIONAL=1" >&2
  SEOPIPE_TEST_HIDE_OPTIONAL=1 $tests
fi
