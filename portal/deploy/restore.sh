#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database (create it first with createdb).
# Usage: portal/deploy/restore.sh DATABASE_URL DUMP_FILE [MEDIA_TARBALL MEDIA_ROOT]
set -euo pipefail
database_url=$1 dump=$2
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$database_url" "$dump"
if [ $# -ge 4 ]; then
  mkdir -p "$4"
  tar -C "$4" -xzf "$3"
fi
