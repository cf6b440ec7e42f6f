#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service) and, unless DISPLAY is already set, a private Xvfb display. Used by `make test`;
# developers use it to run one package's tests: scripts/with-session.sh go test ./store/
set -euo pipefail
if [ -z "${MESHDESK_IN_SESSION:-}" ]; then
  exec env MESHDESK_IN_SESSION=1 dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"; [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
printf 'meshdesk-test' | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    # -noreset: by default the server resets when its last client leaves, and an app that
    # connects during the reset fails to start ("failed to init GTK"), e.g. one started right
    # after the previous one was stopped, as make bench's cold starts do.
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    export DISPLAY=":$n"
    break
  done
fi
"$@"
