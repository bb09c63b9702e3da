#!/usr/bin/env bash
# Makes a private CA and a serving certificate for schedext (webhook + scheduler extender).
# Writes ca.crt, ca.key, tls.crt, tls.key into the output directory (keys mode 600).
set -euo pipefail

readonly PROG="${0##*/}"
# Scratch directory, removed on exit (global so the EXIT trap can see it).
work=""

usage() {
  cat <<EOF
Usage: $PROG [--out DIR] [--service NAME] [--namespace NS] [--days N] [--force]

Creates a CA (ca.crt, ca.key) and a serving certificate signed by it (tls.crt, tls.key) for the
Service NAME in namespace NS, valid for the names the API server and kube-scheduler use:
  NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local, localhost and IP 127.0.0.1.

Options:
  --out DIR        output directory, created if missing (default: ./certs)
  --service NAME   Service name (default: schedext)
  --namespace NS   Service namespace (default: schedext-system)
  --days N         validity of both certificates in days (default: 365)
  --force          overwrite existing files in DIR
  -h, --help       show this help

Then create the secret the Deployment mounts:
  kubectl -n NS create secret generic schedext-tls --type=kubernetes.io/tls \\
    --from-file=tls.crt=DIR/tls.crt --from-file=tls.key=DIR/tls.key --from-file=ca.crt=DIR/ca.crt
EOF
}

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

# A DNS-1035 label, as Kubernetes requires for Service and namespace names.
is_dns_label() {
  [[ $1 =~ ^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$ ]]
}

# An option's value must be present and must not be the next option.
need_value() {
  if (($2 < 2)) || [[ $3 == --* ]]; then
    die "option $1 needs a value (see --help)"
  fi
}

main() {
  local out=./certs service=schedext namespace=schedext-system days=365 force=false
  while (($#)); do
    case $1 in
      --out) need_value "$1" "$#" "${2-}"; out=$2; shift 2 ;;
      --service) need_value "$1" "$#" "${2-}"; service=$2; shift 2 ;;
      --namespace) need_value "$1" "$#" "${2-}"; namespace=$2; shift 2 ;;
      --days) need_value "$1" "$#" "${2-}"; days=$2; shift 2 ;;
      --force) force=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
  done

  is_dns_label "$service" || die "--service '$service' is not a valid Service name (lower-case DNS label)"
  is_dns_label "$namespace" || die "--namespace '$namespace' is not a valid namespace name (lower-case DNS label)"
  [[ $days =~ ^[1-9][0-9]{0,4}$ ]] || die "--days '$days' must be a whole number of days between 1 and 99999"
  command -v openssl >/dev/null 2>&1 || die "openssl not found on PATH (Debian/Ubuntu: apt-get install openssl)"

  mkdir -p -- "$out" 2>/dev/null || die "cannot create output directory '$out'"
  [[ -d $out && -w $out ]] || die "output directory '$out' is not writable"

  local name existing=()
  for name in ca.crt ca.key tls.crt tls.key; do
    [[ -e $out/$name ]] && existing+=("$out/$name")
  done
  if ((${#existing[@]})) && [[ $force != true ]]; then
    die "refusing to overwrite ${existing[*]} (use --force to replace them)"
  fi

  # Everything is made in a private scratch directory inside DIR and moved into place at the end,
  # so a failure never leaves a half-written set, and keys are never readable by others.
  umask 077
  work=$(mktemp -d "$out/.gen-certs.XXXXXX") || die "cannot create a temporary directory in '$out'"
  trap 'rm -rf -- "$work"' EXIT

  local fqdn="$service.$namespace.svc"
  cat >"$work/ca.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
CN = $service-ca
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  cat >"$work/server.cnf" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$service, DNS:$service.$namespace, DNS:$fqdn, DNS:$fqdn.cluster.local, DNS:localhost, IP:127.0.0.1
EOF

  run_openssl() {
    local log
    if ! log=$(openssl "$@" 2>&1); then
      die "openssl $1 failed: $log"
    fi
  }

  # ECDSA P-256: supported by the API server, kube-scheduler (Go) and Kestrel, and cheap to verify.
  run_openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ca.key"
  run_openssl req -new -x509 -config "$work/ca.cnf" -key "$work/ca.key" -sha256 \
    -days "$days" -set_serial "0x$(openssl rand -hex 16)" -out "$work/ca.crt"
  run_openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/tls.key"
  run_openssl req -new -key "$work/tls.key" -subj "/CN=$fqdn" -out "$work/tls.csr"
  run_openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 \
    -extfile "$work/server.cnf" -out "$work/tls.crt"
  run_openssl verify -CAfile "$work/ca.crt" -purpose sslserver "$work/tls.crt"

  chmod 600 "$work/ca.key" "$work/tls.key"
  chmod 644 "$work/ca.crt" "$work/tls.crt"
  for name in ca.crt ca.key tls.crt tls.key; do
    mv -f -- "$work/$name" "$out/$name" || die "cannot write '$out/$name'"
  done

  printf 'Wrote %s/{ca.crt,ca.key,tls.crt,tls.key} for %s (valid %s days).\n' "$out" "$fqdn" "$days" >&2
  printf 'Next: kubectl -n %s create secret generic schedext-tls --type=kubernetes.io/tls --from-file=tls.crt=%s/tls.crt --from-file=tls.key=%s/tls.key --from-file=ca.crt=%s/ca.crt\n' \
    "$namespace" "$out" "$out" "$out" >&2
}

main "$@"
