#!/bin/bash
# Summarises where the CPU samples of a JFR recording went (run-bench.sh's BENCH_JFR=N writes one).
#
#   src/test/bench/jfr-hotspots.sh target/bench/<run>/sharesnap-100000.jfr [TOP]
#
# Prints: the methods most often on top of the stack (self time), the same grouped by package, and the
# share of samples whose stack contains each of a few markers (inclusive time of a layer).
set -euo pipefail
JFR_FILE="$1"; TOP="${2:-25}"
TXT="$(mktemp)"; trap 'rm -f "$TXT"' EXIT
jfr print --stack-depth 96 --events jdk.ExecutionSample "$JFR_FILE" > "$TXT"
awk -v top="$TOP" '
  function flush() {
    if (!depth) return
    n++
    for (k in seen) incl[k]++
    delete seen; depth = 0
  }
  /^jdk.ExecutionSample/ { flush(); instack = 0; next }
  /stackTrace = \[/ { instack = 1; depth = 0; next }
  instack && /^[ \t]+\]/ { instack = 0; next }
  instack {
    f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); sub(/\(.*$/, "", f)
    if (f == "...") next
    if (depth == 0) { self[f]++; p = f; sub(/\.[^.]+\.[^.]+$/, "", p); pkg[p]++ }
    depth++
    for (i = 1; i <= nm; i++) if (index(f, mk[i]) > 0) seen[lbl[i]] = 1
  }
  BEGIN {
    nm = split("com.fasterxml.jackson|io.micrometer|io.quarkus.micrometer|io.vertx.pgclient|io.vertx.sqlclient|io.netty|org.jboss.resteasy.reactive|io.quarkus.arc|org.jboss.logging|org.jboss.logmanager|java.util.UUID|java.security.SecureRandom|java.util.regex|dev.sharesnap|io.smallrye.mutiny|io.vertx.core.http|java.time.format|io.quarkus.vertx.http|io.opentelemetry|org.hibernate|dev.sharesnap.api.ApiFilters|dev.sharesnap.api.view|dev.sharesnap.persistence|dev.sharesnap.service|io.smallrye.context|java.net.URI|UriBuilder|java.lang.Throwable|sun.nio.ch|io.netty.channel.nio.NioEventLoop.select|io.vertx.core.http.impl.Http1xServerConnection.handleMessage|io.vertx.pgclient.impl.codec.PgEncoder|io.vertx.pgclient.impl.codec.PgDecoder|ServerSerialisers|MessageBodyWriter", mk, "|")
    for (i = 1; i <= nm; i++) lbl[i] = mk[i]
  }
  END {
    flush()
    printf "%d samples\n\n## top %d methods (self)\n\n| samples | %% | method |\n|---|---|---|\n", n, top
    for (k in self) printf "%d\t%s\n", self[k], k | "sort -rn > /tmp/.jfr_self"
    close("sort -rn > /tmp/.jfr_self")
    i = 0
    while ((getline line < "/tmp/.jfr_self") > 0 && i < top) { split(line, a, "\t"); printf "| %d | %.1f | %s |\n", a[1], 100 * a[1] / n, a[2]; i++ }
    printf "\n## self time by package (top %d)\n\n| samples | %% | package |\n|---|---|---|\n", top
    for (k in pkg) printf "%d\t%s\n", pkg[k], k | "sort -rn > /tmp/.jfr_pkg"
    close("sort -rn > /tmp/.jfr_pkg")
    i = 0
    while ((getline line < "/tmp/.jfr_pkg") > 0 && i < top) { split(line, a, "\t"); printf "| %d | %.1f | %s |\n", a[1], 100 * a[1] / n, a[2]; i++ }
    printf "\n## samples whose stack contains (inclusive)\n\n| samples | %% | frame prefix |\n|---|---|---|\n"
    for (k in incl) printf "%d\t%s\n", incl[k], k | "sort -rn > /tmp/.jfr_incl"
    close("sort -rn > /tmp/.jfr_incl")
    while ((getline line < "/tmp/.jfr_incl") > 0) { split(line, a, "\t"); printf "| %d | %.1f | %s |\n", a[1], 100 * a[1] / n, a[2] }
  }' "$TXT"
rm -f /tmp/.jfr_self /tmp/.jfr_pkg /tmp/.jfr_incl
