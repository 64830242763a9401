# Sourced by the benchmark scripts that run the packaged service: builds target/quarkus-app when asked
# (BUILD=1) or when it is missing (BUILD=auto), and stops the service started as SVC_PID. The caller defines
# ROOT, BUILD, SVC_PID and die().

build_service() {
  if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; }; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "build failed"
  fi
}

stop_service() {
  [ -n "$SVC_PID" ] || return 0
  kill "$SVC_PID" 2>/dev/null || true
  wait "$SVC_PID" 2>/dev/null || true
  SVC_PID=""
}
