"""Shared, hardened Office Open XML reading: XML helpers (the leaf), packages, opening, assets, charts, SmartArt."""
