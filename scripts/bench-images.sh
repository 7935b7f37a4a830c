#!/usr/bin/env bash
# Task R side by side: seopipe's image stage against sharp, in one run of the
# shared harness (../shared/peers/bench-lib.sh, read in place). 100 heroes of
# 2,400-4,000 px -> 480/960/1440 px wide + a 1200x630 crop, q80, two images
# at a time on this machine's two cores.
#
#   scripts/bench-images.sh               # all variants below
#   scripts/bench-images.sh seopipe sharp # a subset
#
# Variants:
#   seopipe        JPEG only (parity with the peers), cold: cache and output cleared
#   seopipe-warm   the same build again with nothing changed (the rerun)
#   seopipe-webp   formats [jpeg, webp] (seopipe's default), cold
#   sharp          ../shared/peers/node/resize-sharp.cjs (JPEG only)
#   sharp-webp     scripts/peers/resize-sharp-webp.cjs (JPEG and WebP)
#
# Needs: POSTS=100 IMAGES=100 MIN_W=2400 MAX_W=4000 ../shared/peers/make-corpus.sh $CORPUS_R
# and ../shared/peers/install-peers.sh (sharp, GNU time). The corpus's posts
# name their heroes http://127.0.0.1:8080/img/NNN.jpg; sharp reads the files,
# so the benchmark's copy of the posts names the same files as /img/NNN.jpg
# (the corpus directory is the static dir) and drops the inline shortcode, so
# both sides process the same 100 images. Rows go to $WORK/results.tsv.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
[[ -f $PEERS/bench-lib.sh ]] || { echo "bench-images: $PEERS/bench-lib.sh not found: ../shared is not beside this checkout" >&2; exit 1; }
source "$PEERS/bench-lib.sh"
[[ -d $CORPUS_R/img ]] || { echo "bench-images: no corpus at $CORPUS_R (run make-corpus.sh, see above)" >&2; exit 1; }

BENCH=$WORK/seopipe-bench
BIN=$BENCH/seopipe
SITE=$BENCH/site-r
NOW=2026-11-26T00:00:00Z

# setup builds the binary and writes the site; the timed "once" calls
# below skip it.
setup() {
mkdir -p "$SITE/posts"
(cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/seopipe)
for f in "$CORPUS_R"/posts/*.md; do
  sed -e 's|http://127\.0\.0\.1:[0-9]*/img/|/img/|' -e '/^{{image:/d' "$f" >"$SITE/posts/$(basename "$f")"
done
for v in jpeg webp; do
  formats="[jpeg]"; [[ $v == webp ]] && formats="[jpeg, webp]"
  cat >"$SITE/$v.yaml" <<YAML
site:
  url: https://blog.example/
  title: Task R
content:
  dir: $SITE/posts
  static: $CORPUS_R
output:
  dir: $SITE/public-$v
cache:
  dir: $SITE/cache-$v
images:
  widths: [480, 960, 1440]
  crops: ["1200:630"]
  formats: $formats
  quality: 80
YAML
done
}

once() {
  case $1 in
    seopipe) rm -rf "$SITE/cache-jpeg" "$SITE/public-jpeg"; "$BIN" build -q -j 2 --config "$SITE/jpeg.yaml" --now "$NOW" ;;
    seopipe-warm) "$BIN" build -q -j 2 --config "$SITE/jpeg.yaml" --now "$NOW" ;;
    seopipe-webp) rm -rf "$SITE/cache-webp" "$SITE/public-webp"; "$BIN" build -q -j 2 --config "$SITE/webp.yaml" --now "$NOW" ;;
    sharp) rm -rf "$OUT/r-sharp"; node "$PEERS/node/resize-sharp.cjs" "$CORPUS_R/img" "$OUT/r-sharp" 2 ;;
    sharp-webp) rm -rf "$OUT/r-sharp-webp"; node "$ROOT/scripts/peers/resize-sharp-webp.cjs" "$CORPUS_R/img" "$OUT/r-sharp-webp" 2 ;;
    *) echo "unknown variant $1" >&2; return 2 ;;
  esac
}

case ${1:-} in once) once "$2"; exit ;; esac
setup
SELF=$ROOT/scripts/bench-images.sh
variants=("$@")
((${#variants[@]})) || variants=(sharp seopipe seopipe-warm sharp-webp seopipe-webp)
for v in "${variants[@]}"; do
  [[ $v == seopipe-warm ]] && once seopipe >/dev/null # the rerun needs a build to repeat
  measure "R/$v" "$SELF" once "$v"
done
