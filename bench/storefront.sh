#!/usr/bin/env bash
# Storefront home page req/s under wrk, side by side with a bare Go net/http
# hello-world served and measured the same way on the same machine.
#
#   bench/storefront.sh            # wrk -t2 -c64 -d10s against each
#   DURATION=30s CONNS=128 bench/storefront.sh
#   HELLO_BYTES=14 bench/storefront.sh   # the hello-world's answer size (default 5 KB)
#
# Every request says "Accept-Encoding: gzip, br", as browsers do, so the
# storefront sends its compressed page (kept in the page cache); the
# hello-world ignores it and sends its plain text.
#
# It builds both binaries, starts each on a free loopback port with a fresh
# data directory, warms it up for 2 s, measures, stops it, and removes
# everything it made. The pagecart access log goes to a file, as it would
# in production, so its cost is part of the figure.
set -euo pipefail

THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
HELLO_BYTES=${HELLO_BYTES:-5120}
ACCEPT="Accept-Encoding: gzip, br"
START_TIMEOUT=${START_TIMEOUT:-60} # seconds a server may take to start

cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found (Debian: apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
stop_server() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=""
	fi
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building pagecart and hello..."
go build -o "$work/pagecart" ./cmd/pagecart
go build -o "$work/hello" ./bench/hello

# wait_for_port LOG REGEX: prints the port of the first line of LOG that
# matches REGEX (which must end in the port number), or fails.
wait_for_port() {
	local log=$1 re=$2 deadline=$((SECONDS + START_TIMEOUT)) port
	while ((SECONDS < deadline)); do
		port=$(grep -oE "$re" "$log" 2>/dev/null | head -1 | grep -oE '[0-9]+$' || true)
		if [[ -n $port ]]; then
			echo "$port"
			return 0
		fi
		if ! kill -0 "$server_pid" 2>/dev/null; then
			echo "the server stopped while starting:" >&2
			cat "$log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "the server did not start within ${START_TIMEOUT}s:" >&2
	cat "$log" >&2
	return 1
}

# measure NAME HOST PORT: warms up, runs wrk and keeps its output in
# $work/NAME.wrk. HOST is the Host header (the site's name for pagecart).
measure() {
	local name=$1 host=$2 port=$3 out="$work/$1.wrk"
	local budget=600 # wrk stops itself after DURATION; this only bounds a hang
	[[ $DURATION =~ ^([0-9]+)s$ ]] && budget=$((BASH_REMATCH[1] + 30))
	timeout 30 wrk -t"$THREADS" -c"$CONNS" -d2s -H "Host: $host" -H "$ACCEPT" "http://127.0.0.1:$port/" >/dev/null
	echo "measuring $name: wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Host: $host' -H '$ACCEPT' http://127.0.0.1:$port/"
	timeout "$budget" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Host: $host" -H "$ACCEPT" "http://127.0.0.1:$port/" | tee "$out"
	if grep -q 'Non-2xx or 3xx responses' "$out"; then
		echo "$name answered with errors; the figure is not valid" >&2
		return 1
	fi
}

# The storefront: the demo site that a fresh platform creates.
"$work/pagecart" -addr 127.0.0.1:0 -data-dir "$work/data" >"$work/pagecart.log" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/pagecart.log" 'Demo site: +http://demo\.localhost:[0-9]+')
if command -v curl >/dev/null; then
	title=$(curl -fsS -H "Host: demo.localhost:$port" "http://127.0.0.1:$port/" | grep -o '<title>[^<]*</title>' || true)
	echo "demo site home: ${title:-no <title> found}"
	sizes=$(curl -fsS -o /dev/null -w '%{size_download}' -H "Host: demo.localhost:$port" "http://127.0.0.1:$port/" || true)
	brsize=$(curl -fsS -o /dev/null -w '%{size_download}' -H "Host: demo.localhost:$port" -H "$ACCEPT" "http://127.0.0.1:$port/" || true)
	echo "demo site home: $sizes bytes plain, $brsize bytes with '$ACCEPT'"
fi
measure pagecart "demo.localhost:$port" "$port"
stop_server

# The baseline.
"$work/hello" -addr 127.0.0.1:0 -bytes "$HELLO_BYTES" >"$work/hello.log" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/hello.log" 'listening on 127\.0\.0\.1:[0-9]+')
measure hello "127.0.0.1:$port" "$port"
stop_server

# field FILE LABEL N: the Nth word after LABEL in a wrk report.
field() { awk -v l="$2" -v n="$3" '$1 == l { print $(n + 1); exit }' "$1"; }

echo
echo "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), wrk -t$THREADS -c$CONNS -d$DURATION =="
printf '%-26s %12s %10s %10s %10s %10s\n' "" "req/s" "avg" "p50" "p90" "p99"
for name in pagecart hello; do
	f="$work/$name.wrk"
	label="pagecart demo home"
	[[ $name == hello ]] && label="net/http hello ($HELLO_BYTES B)"
	printf '%-26s %12s %10s %10s %10s %10s\n' "$label" \
		"$(field "$f" Requests/sec: 1)" "$(field "$f" Latency 1)" \
		"$(field "$f" 50% 1)" "$(field "$f" 90% 1)" "$(field "$f" 99% 1)"
done
