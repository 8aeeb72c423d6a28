#!/usr/bin/env bash
# Throw-away certificates for the examples' and tests' TLS runs, made by openssl in DIR: a CA
# (ca.crt, ca.key), a server certificate for localhost and 127.0.0.1 (server.crt, server.key)
# and a client certificate (client.crt, client.key), both signed by the CA, valid two days.
#
#   make-test-certificates.sh DIR [CLIENT-SUBJECT]
set -euo pipefail
dir=${1:?directory}; client_subject=${2:-/CN=rpcforge test client}
mkdir -p "$dir"

signed() {  # signed NAME SUBJECT EXTENSIONS
  printf '%b\n' "$3" >"$dir/$1.ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
    -keyout "$dir/$1.key" -out "$dir/$1.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/$1.ext" -out "$dir/$1.crt" 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=rpcforge test CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
signed server "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"
signed client "$client_subject" "extendedKeyUsage=clientAuth"
