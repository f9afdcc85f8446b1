#!/usr/bin/env bash
# Extract every marked string, merge it into the nb, nn and en catalogs, and compile them.
# Translate the new entries in translations/*/LC_MESSAGES/messages.po, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
pot=$(mktemp --suffix=.pot)
"$py" -m babel.messages.frontend -q extract -F babel.cfg -k _l --ignore-dirs='.* .venv node_modules' --no-location --sort-output \
  -o "$pot" .
for locale in nb nn en; do
  po=translations/$locale/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    "$py" -m babel.messages.frontend -q update --no-fuzzy-matching --ignore-pot-creation-date -i "$pot" -d translations -l "$locale"
  else
    "$py" -m babel.messages.frontend -q init -i "$pot" -d translations -l "$locale"
  fi
done
"$py" -m babel.messages.frontend -q compile -d translations
rm -f "$pot"
