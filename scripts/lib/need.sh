# shellcheck shell=bash
# `need COMMAND PACKAGE`: installs a Debian package when its command is
# missing. CI runs on a fresh machine, so every script installs what it uses.
# Sourced by the scripts under scripts/; PROG names the caller in messages.
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
APT_UPDATED=
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "${PROG:-$(basename "$0")}: installing $2 (apt-get)" >&2
  if [[ -z $APT_UPDATED ]]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
}
