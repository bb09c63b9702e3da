#!/usr/bin/env bash
# Writes a CA certificate, base64-encoded, into the caBundle of every webhook of the
# Mutating/ValidatingWebhookConfiguration objects in a YAML stream, and/or writes a kustomize
# JSON 6902 patch that does the same (for manifests/overlays/plain, and so for
# overlays/beside-karpenter-plain, which builds on it).
set -euo pipefail

readonly PROG="${0##*/}"
# The committed placeholder patch contains this marker; replacing it needs no --force.
readonly PLACEHOLDER_MARKER="CA-BUNDLE-NOT-SET"
# Scratch directory, removed on exit (global so the EXIT trap can see it).
work=""

usage() {
  cat <<EOF
Usage: $PROG --ca CA.crt [--in FILE|-] [--out FILE] [--patch-out FILE] [--force]

Reads webhook configuration YAML (one or more documents, e.g. the output of kubectl kustomize)
and sets clientConfig.caBundle of every webhook in every MutatingWebhookConfiguration and
ValidatingWebhookConfiguration to the base64 of CA.crt. Other documents pass through unchanged.

Options:
  --ca FILE         PEM CA certificate that signed the serving certificate (required)
  --in FILE|-       input YAML; - is standard input (default: -)
  --out FILE        write the updated YAML to FILE (default: standard output, unless only
                    --patch-out is given)
  --patch-out FILE  write a kustomize JSON 6902 patch setting caBundle for each webhook of the
                    (single) webhook configuration in the input
  --force           overwrite existing output files (a placeholder patch is replaced without it)
  -h, --help        show this help

Example (overlays/plain; overlays/beside-karpenter-plain uses the same patch):
  $PROG --ca certs/ca.crt --in manifests/base/webhook.yaml \\
    --patch-out manifests/overlays/plain/webhook-ca-bundle.yaml
EOF
}

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

need_value() {
  if (($2 < 2)) || [[ $3 == --* ]]; then
    die "option $1 needs a value (see --help)"
  fi
}

# Refuses to replace an existing file unless --force, or unless it is the placeholder patch.
check_writable_target() {
  local target=$1 force=$2 dir
  if [[ -e $target ]]; then
    [[ -f $target ]] || die "'$target' exists and is not a regular file"
    if [[ $force != true ]] && ! grep -q -- "$PLACEHOLDER_MARKER" "$target"; then
      die "refusing to overwrite '$target' (use --force to replace it)"
    fi
    [[ -w $target ]] || die "'$target' is not writable"
  else
    dir=$(dirname -- "$target")
    [[ -d $dir ]] || die "directory '$dir' of '$target' does not exist"
    [[ -w $dir ]] || die "directory '$dir' is not writable"
  fi
}

# Sets caBundle under every clientConfig of webhook configuration documents. Prints the new YAML;
# appends one line per webhook configuration, "<webhook count>", to the stats file.
inject() {
  local b64=$1 stats=$2
  awk -v b64="$b64" -v stats="$stats" '
    function indent_of(s) { match(s, /^ */); return RLENGTH }
    function is_blank_or_comment(s) { return s ~ /^[ \t]*(#.*)?$/ }
    function flush(   i, j, k, line, key_indent, child, pad, webhooks, skipping) {
      if (!is_webhook_doc) { for (i = 1; i <= nlines; i++) print lines[i]; nlines = 0; return }
      webhooks = 0
      for (i = 1; i <= nlines; i++) {
        line = lines[i]
        if (line ~ /^[ ]*(- )?clientConfig:[ \t]*\{/) { bad = "flow-style clientConfig is not supported (line " (start + i - 1) ")"; return }
        if (line !~ /^[ ]*(- )?clientConfig:[ \t]*(#.*)?$/) { print line; continue }
        key_indent = indent_of(line) + (line ~ /^[ ]*- / ? 2 : 0)
        # The indentation of the children of clientConfig is that of its first child.
        child = -1
        for (j = i + 1; j <= nlines; j++) {
          if (is_blank_or_comment(lines[j])) continue
          if (indent_of(lines[j]) > key_indent) child = indent_of(lines[j])
          break
        }
        if (child < 0) { bad = "clientConfig without fields (line " (start + i - 1) ")"; return }
        print line
        pad = ""; for (j = 0; j < child; j++) pad = pad " "
        print pad "caBundle: " b64
        webhooks++
        # Copy the rest of the block, dropping any existing caBundle (and its continuation lines).
        skipping = 0
        for (k = i + 1; k <= nlines; k++) {
          if (!is_blank_or_comment(lines[k]) && indent_of(lines[k]) <= key_indent) break
          if (skipping && (is_blank_or_comment(lines[k]) || indent_of(lines[k]) > child)) continue
          skipping = 0
          if (indent_of(lines[k]) == child && lines[k] ~ /^ *caBundle:/) { skipping = 1; continue }
          print lines[k]
        }
        i = k - 1
      }
      print webhooks >> stats
      nlines = 0
    }
    BEGIN { nlines = 0; is_webhook_doc = 0; start = 1; bad = "" }
    {
      sub(/\r$/, "")
      if ($0 ~ /^---([ \t].*)?$/) {
        flush(); if (bad != "") exit 2
        print; is_webhook_doc = 0; start = NR + 1; next
      }
      if ($0 ~ /^kind:[ \t]*["\047]?(Mutating|Validating)WebhookConfiguration["\047]?[ \t]*(#.*)?$/) is_webhook_doc = 1
      lines[++nlines] = $0
    }
    END {
      if (bad == "") flush()
      if (bad != "") { print bad > "/dev/stderr"; exit 2 }
    }
  '
}

main() {
  local ca="" in="-" out="" patch_out="" force=false
  while (($#)); do
    case $1 in
      --ca) need_value "$1" "$#" "${2-}"; ca=$2; shift 2 ;;
      --in) need_value "$1" "$#" "${2-}"; in=$2; shift 2 ;;
      --out) need_value "$1" "$#" "${2-}"; out=$2; shift 2 ;;
      --patch-out) need_value "$1" "$#" "${2-}"; patch_out=$2; shift 2 ;;
      --force) force=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
  done

  [[ -n $ca ]] || die "--ca is required (the CA certificate, e.g. certs/ca.crt from gen-certs.sh)"
  [[ -f $ca && -r $ca ]] || die "CA file '$ca' does not exist or is not readable"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$ca" || die "CA file '$ca' is not a PEM certificate"
  if [[ $in != - ]]; then
    [[ -f $in && -r $in ]] || die "input file '$in' does not exist or is not readable"
  elif [[ -t 0 ]]; then
    die "no input: pass --in FILE or pipe YAML into standard input"
  fi
  [[ -n $out ]] && check_writable_target "$out" "$force"
  [[ -n $patch_out ]] && check_writable_target "$patch_out" "$force"

  local b64
  b64=$(base64 <"$ca" | tr -d '\n')
  work=$(mktemp -d) || die "cannot create a temporary directory"
  trap 'rm -rf -- "$work"' EXIT

  cat -- "$in" >"$work/input.yaml" || die "cannot read input '$in'"
  : >"$work/stats"
  if ! inject "$b64" "$work/stats" <"$work/input.yaml" >"$work/output.yaml" 2>"$work/awk.err"; then
    die "cannot process '$in': $(cat "$work/awk.err")"
  fi

  local configs webhooks
  configs=$(wc -l <"$work/stats" | tr -d ' ')
  webhooks=$(awk '{ n += $1 } END { print n + 0 }' "$work/stats")
  ((webhooks > 0)) || die "no webhook with a clientConfig found in '$in' (expected a MutatingWebhookConfiguration)"

  if [[ -n $patch_out ]]; then
    ((configs == 1)) || die "--patch-out needs exactly one webhook configuration in the input, found $configs"
    {
      printf '# Written by certs-scripts/%s: sets caBundle of each webhook (kustomize JSON 6902 patch).\n' "$PROG"
      local i
      for ((i = 0; i < webhooks; i++)); do
        printf -- '- op: add\n  path: /webhooks/%d/clientConfig/caBundle\n  value: %s\n' "$i" "$b64"
      done
    } >"$work/patch.yaml"
    mv -f -- "$work/patch.yaml" "$patch_out" || die "cannot write '$patch_out'"
    printf 'Wrote %s (%d webhook(s)).\n' "$patch_out" "$webhooks" >&2
  fi

  if [[ -n $out ]]; then
    mv -f -- "$work/output.yaml" "$out" || die "cannot write '$out'"
    printf 'Wrote %s (caBundle set on %d webhook(s)).\n' "$out" "$webhooks" >&2
  elif [[ -z $patch_out ]]; then
    cat -- "$work/output.yaml"
  fi
}

main "$@"
