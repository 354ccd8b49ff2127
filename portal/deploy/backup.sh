#!/usr/bin/env bash
# Backs up the portal: the PostgreSQL database (custom format) and the uploaded files.
# Usage: portal/deploy/backup.sh DATABASE_URL MEDIA_ROOT DESTINATION_DIR
set -euo pipefail
database_url=$1 media_root=$2 destination=$3
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$destination"
pg_dump --format=custom --no-owner --no-privileges --file="$destination/portal-$stamp.dump" "$database_url"
if [ -d "$media_root" ]; then
  tar -C "$media_root" -czf "$destination/media-$stamp.tar.gz" .
fi
echo "$destination/portal-$stamp.dump"
