#!/bin/sh
# The Mosquitto container's start: the backend's password file from the environment (hashed by
# mosquitto_passwd), the server key copied where only the mosquitto user reads it, then Mosquitto,
# sent SIGHUP whenever worker-1 rewrites the CRL (Mosquitto rereads crlfile only at start and on
# SIGHUP), and stopped with the container.
set -eu
mosquitto_passwd -b -c /mosquitto/data/passwd tet-backend "$TET_MQTT_PASSWORD"
cp /mosquitto/certs/server-key.pem /mosquitto/data/server-key.pem
chown mosquitto:mosquitto /mosquitto/data/passwd /mosquitto/data/server-key.pem
chmod 0600 /mosquitto/data/passwd /mosquitto/data/server-key.pem
mosquitto -c /mosquitto/config/mosquitto.conf &
pid=$!
trap 'kill -TERM "$pid"' TERM INT
crl=/mosquitto/certs/crl.pem
seen=$(cksum < "$crl")
while kill -0 "$pid" 2>/dev/null; do
  sleep 2 &
  wait $! || true
  now=$(cksum < "$crl" 2>/dev/null || echo "$seen")
  if [ "$now" != "$seen" ]; then
    seen=$now
    kill -HUP "$pid"
  fi
done
wait "$pid"
