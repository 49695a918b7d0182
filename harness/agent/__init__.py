"""The Frida agent (TypeScript in src/, compiled by build.py) and its Python loader."""
