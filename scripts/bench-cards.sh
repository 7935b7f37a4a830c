#!/usr/bin/env bash
# Task C side by side: `seopipe cards` against satori + resvg, in one run of
# the shared harness (../shared/peers/bench-lib.sh, read in place): 100
# OpenGraph cards 1200x630 PNG (135° gradient, category, title up to 3 lines,
# author · date, site name), DejaVu Sans, two at a time on two cores.
#
#   scripts/bench-cards.sh                  # all variants below
#   scripts/bench-cards.sh seopipe satori   # a subset
#
# Variants:
#   satori        ../shared/peers/bench-cards.sh satori-async2 (2 in flight)
#   seopipe       seopipe cards, cold: card cache and output cleared
#   seopipe-warm  the same again with nothing changed (the rerun)
#
# Needs: the corpus-r posts (POSTS=100 IMAGES=100 MIN_W=2400 MAX_W=4000
# ../shared/peers/make-corpus.sh $CORPUS_R) and ../shared/peers/install-peers.sh
# (satori, resvg, GNU time). satori's cards have no hero, so the benchmark's
# copy of the posts has no image lines either. The theme is
# scripts/peers/taskc-theme.yaml. Bytes per card are printed after the rows.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
[[ -f $PEERS/bench-lib.sh ]] || { echo "bench-cards: $PEERS/bench-lib.sh not found: ../shared is not beside this checkout" >&2; exit 1; }
source "$PEERS/bench-lib.sh"
[[ -d $CORPUS_R/posts ]] || { echo "bench-cards: no corpus at $CORPUS_R (run make-corpus.sh, see above)" >&2; exit 1; }

BENCH=$WORK/seopipe-bench
BIN=$BENCH/seopipe
SITE=$BENCH/site-c
NOW=2026-11-26T00:00:00Z
DEJAVU=/usr/share/fonts/truetype/dejavu

setup() {
  mkdir -p "$SITE/posts"
  (cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/seopipe)
  for f in "$CORPUS_R"/posts/*.md; do
    sed -e '/^image:/d' -e '/^{{image:/d' "$f" >"$SITE/posts/$(basename "$f")"
  done
  cat >"$SITE/seopipe.yaml" <<YAML
site:
  url: https://example.blog/
  title: example.blog
content:
  dir: $SITE/posts
output:
  dir: $SITE/public
cache:
  dir: $SITE/cache
cards:
  theme: $ROOT/scripts/peers/taskc-theme.yaml
  sizes: [og]
  format: png
  fonts:
    regular: $DEJAVU/DejaVuSans.ttf
    bold: $DEJAVU/DejaVuSans-Bold.ttf
YAML
}

once() {
  case $1 in
    seopipe) rm -rf "$SITE/cache" "$SITE/public"; "$BIN" cards -q -j 2 --config "$SITE/seopipe.yaml" --now "$NOW" ;;
    seopipe-warm) "$BIN" cards -q -j 2 --config "$SITE/seopipe.yaml" --now "$NOW" ;;
    *) echo "unknown variant $1" >&2; return 2 ;;
  esac
}

case ${1:-} in once) once "$2"; exit ;; esac
setup
SELF=$ROOT/scripts/bench-cards.sh
variants=("$@")
((${#variants[@]})) || variants=(satori seopipe seopipe-warm)
for v in "${variants[@]}"; do
  case $v in
    satori) "$PEERS/bench-cards.sh" satori-async2 ;;
    seopipe-warm) once seopipe >/dev/null; measure "C/$v" "$SELF" once "$v" ;;
    *) measure "C/$v" "$SELF" once "$v" ;;
  esac
done
for d in "$SITE/public/cards" "$OUT/c-satori-async2"; do
  [[ -d $d ]] || continue
  n=$(find "$d" -name '*.png' | wc -l)
  b=$(find "$d" -name '*.png' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  ((n)) && echo "$d: $n cards, $((b / n)) bytes per card"
done
