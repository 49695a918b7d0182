"""`python -m harness.probe`: build the probe and print its classpath (for manual runs with `java -cp`)."""

from harness.errors import HarnessError
from harness.probe.build import MAIN_CLASS, build_probe, runtime_classpath


def main() -> int:
    try:
        cp = runtime_classpath(build_probe())
    except HarnessError as e:
        print(f"error: {e}")
        return e.exit_code
    print(cp)
    print(f"run: java -cp {cp} {MAIN_CLASS} --control-port 0 --lang zh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
