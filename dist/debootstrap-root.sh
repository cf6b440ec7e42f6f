#!/usr/bin/env bash
# Makes a fresh Debian root for e2e/dist's install test: debootstrap (minbase) and the
# runtime Depends of the package (mkdeb's: libgtk-3-0, libwebkit2gtk-4.1-0), so that
# `dpkg -i` there proves the .deb installs and runs on a clean system, not just on the
# build machine. As root:
#
#   dist/debootstrap-root.sh /var/tmp/meshdesk-root
#   MESHDESK_DIST_ROOT=/var/tmp/meshdesk-root scripts/with-session.sh go test -count=1 ./e2e/dist/
#
# SUITE (default bookworm) and MIRROR (default: debootstrap's own) choose the release and
# the archive. About 1.1 GB on disk; measured here: debootstrap 77 s, the Depends 7 min.
# An existing root is reused (its packages are brought up to date). To delete it, make sure
# nothing is mounted under it first (the test unmounts what it binds):
#   findmnt -rn -o TARGET | grep ^/var/tmp/meshdesk-root/ || rm -rf /var/tmp/meshdesk-root
set -euo pipefail
dir=${1:?usage: dist/debootstrap-root.sh DIR}
suite=${SUITE:-bookworm}
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debootstrap is not installed: apt-get install debootstrap" >&2; exit 1; }
dir=$(realpath -m "$dir")
if findmnt -rn -o TARGET | grep -q "^$dir/"; then
  echo "something is mounted under $dir: unmount it first" >&2; exit 1
fi
if [ ! -e "$dir/var/lib/dpkg/status" ]; then
  debootstrap --variant=minbase "$suite" "$dir" ${MIRROR:+"$MIRROR"}
fi
chroot "$dir" apt-get update
chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgtk-3-0 libwebkit2gtk-4.1-0
echo "Debian root ready: MESHDESK_DIST_ROOT=$dir"
