package com.late;

/** Loaded by a URLClassLoader long after the agent started: its hook must be installed late. */
public class LateApi {
    public String secret() { return "late-secret-42"; }
}
