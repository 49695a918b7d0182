"""Devices an audit runs on: an Android device or emulator over adb + frida-server, or the JVM stand-in.

interface.py says what every device can do; android.py, jvm.py implement it; adb.py holds the
subprocess wrapper and the parsers of adb output; restore.py undoes every change.
"""
