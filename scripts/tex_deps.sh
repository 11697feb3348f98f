#!/usr/bin/env bash
# Install, from Debian's packages, the TeX toolchain that `make pdf` needs and
# the poppler tools that `make pdf-test` reads the PDF with.  Installs only what
# is missing (a second run installs nothing), never asks a question, and runs
# apt-get as root directly or through sudo when that is available.
set -euo pipefail

# Jupyter Book's LaTeX path (sphinx-jupyterbook-latex) always compiles with
# xelatex + unicode-math; Sphinx's LaTeX writer and jupyterBook.cls need:
#   latexmk                      drives xelatex/makeindex to a fixed point
#   texlive-latex-recommended    amsmath, fontspec, unicode-math, fancyvrb, hyperref, ...
#   texlive-latex-extra          fncychap, titlesec, tabulary, varwidth, wrapfig,
#                                capt-of, needspace, framed, upquote, changepage, ...
#                                (pulls in texlive-pictures: tikz, pgfplots)
#   texlive-fonts-recommended    standard fonts the LaTeX packages fall back on
#   texlive-xetex                xelatex, ucharclasses
#   fonts-freefont-otf           FreeSerif/FreeSans/FreeMono, Sphinx's xelatex faces
#   fonts-lmodern                Latin Modern Math, unicode-math's math font
#   poppler-utils                pdftotext, pdfinfo, pdftoppm (tests, page previews)
# jupyterBook.cls also loads bbm (texlive-fonts-extra, 1.4 GB installed) for
# macros the book never uses; latex/bbm.sty stands in for it instead.
PACKAGES=(
  latexmk
  texlive-latex-recommended
  texlive-latex-extra
  texlive-fonts-recommended
  texlive-xetex
  fonts-freefont-otf
  fonts-lmodern
  poppler-utils
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "tex-deps: all present (${PACKAGES[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "tex-deps: missing ${missing[*]}, and this is not a Debian/Ubuntu system:" >&2
  echo "          install a TeX Live with latexmk and the poppler utilities by hand." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "tex-deps: missing ${missing[*]}; run this as root (no sudo here):" >&2
  echo "          apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "tex-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "tex-deps: done"
