#!/usr/bin/env bash
# Makes a small private CA and one certificate per Strongroom node, for rehearsals: the compose
# cluster, deploy/local/multi-region.sh, a test bed. In production, issue node certificates from
# your own PKI (cert-manager, Vault PKI, an internal CA) with the same properties:
#
#   - EC P-256 (or RSA) key, PEM, unencrypted (the node reads it once at start);
#   - subjectAltName naming the host of the node's raft_address exactly as the peers dial it
#     (DNS or IP; a leading "*." wildcard matches one label), plus every name clients dial;
#   - extendedKeyUsage serverAuth AND clientAuth: Raft connections are mutual TLS.
#
# Usage: gen-certs.sh OUT_DIR NAME=SAN[,SAN...] [NAME=SAN[,SAN...] ...]
#   e.g. gen-certs.sh secrets n1=DNS:n1,DNS:localhost,IP:127.0.0.1 n2=DNS:n2,DNS:localhost,IP:127.0.0.1
#
# Writes OUT_DIR/ca.pem and OUT_DIR/ca.key (reused when they exist), and OUT_DIR/NAME.pem and
# OUT_DIR/NAME.key per node (an existing pair is kept). Keys are created mode 0600. OUT_DIR/ca.key
# can sign certificates the cluster trusts: never mount it into a node.
#   CERT_DAYS   node certificate lifetime in days (default 397)
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() {
  echo "gen-certs: $*" >&2
  exit 2
}

if [[ $# -ge 1 && ( "$1" == "-h" || "$1" == "--help" ) ]]; then
  usage
  exit 0
fi
if [[ $# -lt 2 ]]; then
  usage >&2
  exit 2
fi
command -v openssl >/dev/null || die "openssl is needed"

out="$1"
shift
days="${CERT_DAYS:-397}"
[[ "$days" =~ ^[0-9]+$ ]] || die "CERT_DAYS must be a number of days, was '$days'"

umask 077
mkdir -p "$out"

if [[ ! -f "$out/ca.pem" || ! -f "$out/ca.key" ]]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$out/ca.key" -out "$out/ca.pem" -days 3650 -subj "/CN=Strongroom rehearsal CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 0600 "$out/ca.key"
  chmod 0644 "$out/ca.pem"
  echo "gen-certs: made a CA: $out/ca.pem (its key $out/ca.key signs node certificates; keep it off the nodes)" >&2
fi

for spec in "$@"; do
  [[ "$spec" == *=* ]] || die "expected NAME=SAN[,SAN...], was '$spec'"
  name="${spec%%=*}"
  sans="${spec#*=}"
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "bad node name '$name'"
  [[ "$sans" =~ ^((DNS|IP):[^,]+)(,(DNS|IP):[^,]+)*$ ]] || die "bad SAN list for $name: '$sans' (DNS:name or IP:address, comma-separated)"
  if [[ -f "$out/$name.pem" && -f "$out/$name.key" ]]; then
    continue
  fi
  ext="$out/.$name.ext"
  csr="$out/.$name.csr"
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=$sans" >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$out/$name.key" -out "$csr" -subj "/CN=strongroom node $name" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -extfile "$ext" -out "$out/$name.pem" 2>/dev/null
  rm -f "$ext" "$csr"
  chmod 0600 "$out/$name.key"
  chmod 0644 "$out/$name.pem"
  echo "gen-certs: $out/$name.pem ($sans)" >&2
done
