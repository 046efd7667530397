#!/usr/bin/env bash
# Make sure the machine has what the local Neo4j runtime and the browser tests need:
# Java 17 (or 21), Maven, Debian's Chromium, PostgreSQL's server (the sync tests' RMS).
# Installs them with apt-get when missing and we are root; otherwise says what to install.
set -euo pipefail

need=()
java_ok=0
for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*-17-*/bin/java /usr/lib/jvm/*-21-*/bin/java; do
  [ -n "$j" ] && [ -x "$j" ] || continue
  if "$j" -version 2>&1 | grep -Eq 'version "(17|21)[."]'; then java_ok=1; break; fi
done
[ "$java_ok" = 1 ] || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# The end-to-end tests drive Debian's Chromium (browser downloads do not work offline).
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# The sync tests read a real PostgreSQL RMS (initdb + pg_ctl in a temporary directory).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || need+=(postgresql)

if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "CivicFusion's local Neo4j needs: ${need[*]}. Install them (e.g. sudo apt-get install ${need[*]}) and retry." >&2
  exit 1
fi
