#!/usr/bin/env bash
# Builds a base commit (in a git worktree) and the working tree, both with
# SOURCE_DATE_EPOCH set, and compares the sample book's outputs in every
# edition and format: EPUBs entry by entry, unzipped; PDFs after qpdf has
# written them uncompressed with one object per line (so that two files that
# differ only in how pdfkit packed them still compare equal); the HTML
# previews file by file. Prints one line per output and exits 1 when any
# differs. Needs qpdf, unzip and git.
#
#   scripts/compare-builds.sh BASE_SHA [MANUSCRIPT_DIR]
set -euo pipefail

base=${1:?usage: scripts/compare-builds.sh BASE_SHA [MANUSCRIPT_DIR]}
root=$(git rev-parse --show-toplevel)
manuscript=$(realpath "${2:-$root/chapters}")
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$root" worktree add --detach "$work/base" "$base" >/dev/null
echo "installing the base's dependencies ($(git -C "$root" rev-parse --short "$base"))…" >&2
(cd "$work/base" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1)

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
build() {
  local tree=$1 out=$2
  mkdir -p "$out"; (cd "$tree" && npm run --silent build -- --chapters "$manuscript" --out "$out" \
    --edition zh-Hans,zh-Hant-TW,zh-Hant-HK --format epub,pdf,print,html >/dev/null 2>"$out.log") || { cat "$out.log" >&2; return 1; }
}
echo "building the base…" >&2
build "$work/base" "$work/out-base"
echo "building the working tree…" >&2
build "$root" "$work/out-head"

status=0
report() { printf '%-40s %s\n' "$1" "$2"; [ "$2" = identical ] || status=1; }

normalise_pdf() {
  qpdf --qdf --static-id --object-streams=disable --stream-data=uncompress "$1" "$2" 2>/dev/null || [ $? -eq 3 ]
}

shopt -s nullglob
names=$( (cd "$work/out-base" && ls -A; cd "$work/out-head" && ls -A) | sort -u)
for name in $names; do
  a="$work/out-base/$name" b="$work/out-head/$name"
  if [ ! -e "$a" ]; then report "$name" "only in the working tree"; continue; fi
  if [ ! -e "$b" ]; then report "$name" "only in the base"; continue; fi
  case "$name" in
    *.epub)
      mkdir -p "$work/x/$name/a" "$work/x/$name/b"
      unzip -q "$a" -d "$work/x/$name/a" && unzip -q "$b" -d "$work/x/$name/b"
      if cmp -s <(unzip -Z1 "$a") <(unzip -Z1 "$b") && diff -rq "$work/x/$name/a" "$work/x/$name/b" >/dev/null; then
        report "$name" identical
      else
        report "$name" "differs: $(diff -rq "$work/x/$name/a" "$work/x/$name/b" | sed "s#$work/x/$name/##g" | tr '\n' ';')"
      fi ;;
    *.pdf)
      normalise_pdf "$a" "$work/a.qdf" && normalise_pdf "$b" "$work/b.qdf"
      if cmp -s "$work/a.qdf" "$work/b.qdf"; then report "$name" identical
      else report "$name" "differs ($(diff -a "$work/a.qdf" "$work/b.qdf" | grep -c '^[<>]') lines of the uncompressed file)"; fi ;;
    *)
      if diff -rq "$a" "$b" >/dev/null; then report "$name" identical
      else report "$name" "differs: $(diff -rq "$a" "$b" | sed "s#$work/out-[a-z]*/##g" | tr '\n' ';')"; fi ;;
  esac
done
exit $status
