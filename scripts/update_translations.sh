#!/usr/bin/env bash
# Extract every marked string, merge it into the nb, nn and en catalogs, and compile them.
# Translate the new entries in peerapp/translations/*/LC_MESSAGES/messages.po, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
pot=$(mktemp --suffix=.pot)
"$py" -m babel.messages.frontend extract -q -F babel.cfg -k _l --no-location --sort-output \
  -o "$pot" peerapp
for locale in nb nn en; do
  po=peerapp/translations/$locale/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    "$py" -m babel.messages.frontend update -q --no-fuzzy-matching -i "$pot" -d peerapp/translations -l "$locale"
  else
    "$py" -m babel.messages.frontend init -q -i "$pot" -d peerapp/translations -l "$locale"
  fi
done
"$py" -m babel.messages.frontend compile -q -d peerapp/translations
rm -f "$pot"
