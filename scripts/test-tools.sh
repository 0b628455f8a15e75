#!/usr/bin/env bash
# The programs the tests run for real, installed from Debian's packages when missing:
# pdflatex + bibtex, biber + biblatex, pandoc, pdftotext, git. As root, with sudo, or else
# it prints the exact apt-get command and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
if ! command -v pdflatex >/dev/null || ! command -v bibtex >/dev/null; then
  packages+=(texlive-binaries texlive-base texlive-latex-base)
fi
have_tex_files() { [ "$(kpsewhich "$@" 2>/dev/null | wc -l)" -eq $# ]; }
if ! command -v biber >/dev/null || ! have_tex_files biblatex.sty etoolbox.sty; then
  packages+=(biber texlive-bibtex-extra texlive-latex-recommended)
fi
command -v pandoc >/dev/null || packages+=(pandoc)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
command -v git >/dev/null || packages+=(git)

if [ ${#packages[@]} -gt 0 ]; then
  install=(apt-get install -y -qq --no-install-recommends "${packages[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "the tests need: ${packages[*]}" >&2
    echo "install them with: sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  echo "installing ${packages[*]} for the export tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" "${install[@]}" >/dev/null
fi
