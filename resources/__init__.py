"""Read-only resources shipped with Satchel: demo course bundles, icons, styles, translations.

A package only so that wheels and PyInstaller builds carry the folder; it holds no code.
"""
