#!/usr/bin/env bash
# Make a drag-to-Applications .dmg from dist/Satchel.app (macOS only).
#
#   installer/macos/make-dmg.sh dist/Satchel.app dist/Satchel-0.1.0.dmg
#
# Uses `create-dmg` (brew install create-dmg) when present for a window with the app and an
# Applications link at fixed positions; otherwise plain hdiutil (same content, default
# window). Signing and notarisation (needed so Gatekeeper opens it without a warning) run
# when these are set:
#   SATCHEL_CODESIGN_IDENTITY  "Developer ID Application: Your Org (TEAMID)"
#   SATCHEL_NOTARY_PROFILE     a profile stored with `xcrun notarytool store-credentials`
set -euo pipefail

app=${1:?usage: make-dmg.sh Satchel.app out.dmg}
out=${2:?usage: make-dmg.sh Satchel.app out.dmg}
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(uname)" != Darwin ]; then
  echo "make-dmg.sh: needs macOS (hdiutil, codesign)" >&2
  exit 2
fi

if [ -n "${SATCHEL_CODESIGN_IDENTITY:-}" ]; then
  # Sign inside-out with the hardened runtime; a baked institution.toml must already be in
  # Contents/Resources (changing the bundle after signing breaks the signature).
  codesign --force --deep --options runtime --timestamp \
    --entitlements "$here/entitlements.plist" \
    --sign "$SATCHEL_CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
fi

rm -f "$out"
if command -v create-dmg >/dev/null 2>&1; then
  create-dmg \
    --volname "Satchel" \
    --volicon "$app/Contents/Resources/satchel.icns" \
    --window-size 560 340 --icon-size 112 \
    --icon "$(basename "$app")" 140 160 \
    --app-drop-link 420 160 \
    --hide-extension "$(basename "$app")" \
    "$out" "$app"
else
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  cp -R "$app" "$staging/"
  ln -s /Applications "$staging/Applications"
  hdiutil create -volname "Satchel" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$out"
fi

if [ -n "${SATCHEL_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$SATCHEL_CODESIGN_IDENTITY" "$out"
fi
if [ -n "${SATCHEL_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$out" --keychain-profile "$SATCHEL_NOTARY_PROFILE" --wait
  xcrun stapler staple "$out"
fi
echo "made $out"
