#!/bin/sh
# Regenerates the test-only PKI used by TlsTest: a CA, a server certificate for 127.0.0.1/localhost,
# a client certificate for mutual TLS, and an unrelated CA. EC P-256 keys in PKCS#8 PEM; valid for
# 100 years. These keys protect nothing: never use them outside tests.
set -eu
cd "$(dirname "$0")"
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days $days -subj "/CN=strongroom test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem

key other-ca.key
openssl req -x509 -new -key other-ca.key -sha256 -days $days -subj "/CN=unrelated CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out other-ca.pem

issue() { # name cn extensions
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days $days \
    -extfile "$1.ext" -out "$1.pem"
  rm "$1.csr" "$1.ext"
}
issue server "strongroom node" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
issue client "strongroom app" "extendedKeyUsage=clientAuth"
rm -f ca.srl other-ca.key
