#!/usr/bin/env bash
# Installs the Debian 12 packages rpcforge needs to build and run its demo (openssl makes the
# examples' and tests' certificates; libcrypt-dev checks HTTP Basic passwords).
# `--test` adds what `make test` runs beside the build: curl (an HTTP peer of the interop tests),
# python3 (the benchmark harness's smoke tests), apache2-utils (htpasswd makes the password file
# the HTTP Basic tests check against), prometheus (the real server, and promtool the checker, of
# the metrics tests), node and npm (the npm peers of the interop tests), node-typescript (tsc
# compiles the generated TypeScript clients), chromium (opens the generated HTML reference) and
# etcd-server (the real etcd cluster the scale-out tests run calculator servers behind).
# `--bench` adds what `make bench` measures against: the peer RPC systems (libjson-rpc-cpp,
# gRPC), the floors (nginx), the HTTP load tool (wrk), the chart (gnuplot) and python3.
# `--fuzz` adds what `make fuzz` builds with: clang 14 and its libFuzzer and sanitizer runtimes.
# Idempotent and quiet when everything is present; safe to run on every `make`.
set -euo pipefail

packages=(
  g++ make cmake ninja-build ccache ca-certificates
  libboost1.81-dev nlohmann-json3-dev libssl-dev zlib1g-dev libcrypt-dev
  libcli11-dev libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  llvm-14-dev libclang-14-dev libclang-cpp14-dev
  openssl
)
if [ "${1:-}" = "--test" ]; then
  packages+=(curl python3 apache2-utils prometheus node-typescript chromium etcd-server)
fi
if [ "${1:-}" = "--bench" ]; then
  packages+=(
    libjsonrpccpp-dev libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
    nginx-light wrk gnuplot-nox python3
  )
fi
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

# The interop tests drive third-party JSON-RPC peers from npm. A machine may already
# have Node.js from elsewhere (with its own npm); only install Debian's when absent.
if [ "${1:-}" = "--test" ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
